const EXTENSIONS: Record<string, string> = {
  typescript: 'ts', ts: 'ts', tsx: 'tsx', javascript: 'js', js: 'js', jsx: 'jsx', python: 'py', py: 'py', rust: 'rs', rs: 'rs',
  go: 'go', java: 'java', kotlin: 'kt', csharp: 'cs', cs: 'cs', cpp: 'cpp', 'c++': 'cpp', c: 'c', ruby: 'rb', rb: 'rb', php: 'php',
  swift: 'swift', shell: 'sh', bash: 'sh', sh: 'sh', zsh: 'sh', powershell: 'ps1', json: 'json', yaml: 'yaml', yml: 'yaml',
  toml: 'toml', html: 'html', css: 'css', scss: 'scss', sql: 'sql', markdown: 'md', md: 'md', xml: 'xml', dockerfile: 'Dockerfile',
};

/** A file extension for a fence's language tag; `txt` when unknown. */
export function fileExtensionFor(language: string): string {
  return EXTENSIONS[language.trim().toLowerCase()] ?? 'txt';
}
