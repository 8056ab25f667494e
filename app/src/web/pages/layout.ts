// The HTML shell shared by the web pages: one small stylesheet, no external assets.
const STYLES = `
  body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
  header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
  form { display: grid; gap: .5rem; margin: 1rem 0; }
  input, textarea, button { font: inherit; padding: .4rem .6rem; }
  ul { list-style: none; padding: 0; }
  li { display: flex; justify-content: space-between; gap: 1rem; padding: .5rem 0; border-bottom: 1px solid #dde1e8; }
  [data-status="pending"] { color: #8a6d00; } [data-status="done"] { color: #176b2c; } [data-status="parked"] { color: #a4161a; }
  .error { color: #a4161a; }
`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function renderPage(title: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
${body}
<script>
"use strict";
const TOKEN_KEY = "ephemeral.token";
${script}
</script>
</body>
</html>
`;
}
