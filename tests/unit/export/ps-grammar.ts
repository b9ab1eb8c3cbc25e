/**
 * A real PowerShell grammar for tests (tree-sitter-powershell, run as WebAssembly; pwsh is not
 * installable here). ps-scan.ts proves every plan value sits inside a literal; this proves the code
 * around them has PowerShell's shape (no unclosed brace, stray `}` or broken pipeline).
 */
import fs from 'node:fs';
import { Language, Parser, type Node } from 'web-tree-sitter';

let parser: Parser | undefined;

/** Call once (beforeAll) before powerShellSyntaxErrors. */
export async function loadPowerShellGrammar(): Promise<void> {
  if (parser) return;
  await Parser.init();
  const p = new Parser();
  // The grammar's bytes, not its path: loading by path imports node:fs dynamically, which Jest's VM refuses.
  p.setLanguage(await Language.load(fs.readFileSync(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'))));
  parser = p;
}

/** Where the grammar could not parse the text: error and missing nodes, with their line and first characters. */
export function powerShellSyntaxErrors(text: string): string[] {
  if (!parser) throw new Error('loadPowerShellGrammar() first');
  const tree = parser.parse(text);
  if (!tree) throw new Error('the parser returned no tree');
  const errors: string[] = [];
  const visit = (node: Node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      errors.push(`line ${node.startPosition.row + 1}: ${node.isMissing ? `missing ${node.type}` : node.text.slice(0, 80).replace(/\s+/g, ' ')}`);
    } else if (node.hasError) {
      for (const child of node.children) if (child) visit(child);
    }
  };
  visit(tree.rootNode);
  tree.delete();
  return errors;
}
