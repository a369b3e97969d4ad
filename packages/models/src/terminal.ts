/**
 * Characters a terminal acts on instead of printing: C0 controls but tab and line feed (ESC starts
 * CSI/OSC sequences that clear the screen, retitle the window or move the cursor; CR and BS let
 * a line overwrite what was printed before it), DEL, the C1 controls (0x9B is a one-byte CSI on
 * terminals that honour 8-bit controls), and the bidirectional overrides that reorder what is
 * shown (text that reads differently from what it is).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text from a server (names, descriptions, error messages) made safe to print or show: each
 * character a terminal would act on becomes its visible escape (`\x1b[2J` prints as those five
 * characters and clears nothing). Tab and line feed stay.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * JSON text made safe for a terminal without changing what it means: `JSON.stringify` already
 * escapes C0; this escapes what it leaves raw (DEL, C1, bidirectional overrides) as `\uXXXX`.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
