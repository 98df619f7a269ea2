/**
 * What the webviews' chart.js charts share: colours read from the VS Code theme (so a chart
 * follows light, dark and high-contrast themes) and the themed axis options.
 */

/** A theme colour variable's value (`--vscode-charts-blue`), or `fallback` outside VS Code. */
export function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** The theme's chart palette, one colour per series in order. */
export function seriesColours(): string[] {
  return [
    ['--vscode-charts-blue', '#3794ff'],
    ['--vscode-charts-orange', '#d18616'],
    ['--vscode-charts-green', '#89d185'],
    ['--vscode-charts-purple', '#b180d7'],
  ].map(([name, fallback]) => themeColour(name!, fallback!));
}

/** Axis colours for the theme: tick text in the foreground colour, grid lines in the widget border colour. */
export function themedAxis(): { ticks: { color: string }; grid: { color: string } } {
  return {
    ticks: { color: themeColour('--vscode-foreground', '#ccc') },
    grid: { color: themeColour('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)') },
  };
}
