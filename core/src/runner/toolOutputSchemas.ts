/**
 * The output schemas of the tools a prompt offers (its `toolDefs` and the definitions resolved for
 * its `tools:` names), as JSON Schema by tool name: what an editor needs to ask for a tool's result
 * as a form. Picoschema is converted as the runner converts tool inputs.
 */
import { Dotprompt, picoschema, type JSONSchema, type ToolDefinition } from 'dotprompt';

const parser = new Dotprompt();

/** Output schemas by tool name; tools without one (or with one that does not convert) are left out. */
export async function toolOutputSchemas(source: string, tools: readonly ToolDefinition[] = []): Promise<Record<string, JSONSchema>> {
  let inline: ToolDefinition[] = [];
  try {
    inline = parser.parse(source).toolDefs ?? [];
  } catch {
    // A prompt that does not parse fails its run anyway; there is nothing to ask for.
  }
  const schemas: Record<string, JSONSchema> = {};
  for (const tool of [...tools, ...inline]) {
    if (!tool?.name || tool.outputSchema === undefined) continue;
    try {
      const schema = await picoschema(tool.outputSchema);
      if (schema) schemas[tool.name] = schema;
    } catch {
      // An output schema that does not convert: the result is asked for as plain JSON.
    }
  }
  return schemas;
}
