/** Tool call arguments as streamed or sent as text (OpenAI's `arguments`, Anthropic's `input_json_delta`). */

/** Parses the arguments' JSON text; text that is not JSON is kept as it came, so the call is still recorded. */
export function parseToolArguments(text: string | undefined): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
