/**
 * The @AuraEnabled static methods of Apex classes, read with the Apex grammar (apex-parser), and how
 * they differ from the sandbox's emulations: what the parity test checks.
 */
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import type { ApexClassEmulation } from './runtime';

export interface AuraEnabledMethod {
  name: string;
  params: string[];
}

interface Node {
  constructor: { name: string };
  children?: Node[];
  getText(): string;
}

class SyntaxErrors extends ApexErrorListener {
  readonly messages: string[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.messages.push(`${line}:${column} ${message}`);
  }
}

const kind = (node: Node) => node.constructor.name;
const childrenOf = (node: Node, name: string) => (node.children ?? []).filter((c) => kind(c) === name);

function descendants(node: Node, name: string, into: Node[] = []): Node[] {
  for (const child of node.children ?? []) {
    if (kind(child) === name) into.push(child);
    else descendants(child, name, into);
  }
  return into;
}

/** The top-level class's @AuraEnabled static methods, with their parameter names in order. */
export function auraEnabledMethods(source: string): AuraEnabledMethod[] {
  const errors = new SyntaxErrors();
  const { parser } = ApexParserFactory.createLexerAndParser(source, errors);
  const unit = parser.compilationUnit() as unknown as Node;
  if (errors.messages.length > 0) throw new Error(`Apex syntax: ${errors.messages.join('; ')}`);
  const [classBody] = descendants(unit, 'ClassBodyContext');
  if (!classBody) return [];
  const methods: AuraEnabledMethod[] = [];
  for (const declaration of childrenOf(classBody, 'ClassBodyDeclarationContext')) {
    const modifiers = childrenOf(declaration, 'ModifierContext').map((m) => m.getText().toLowerCase());
    if (!modifiers.some((m) => m.startsWith('@auraenabled')) || !modifiers.includes('static')) continue;
    const [method] = descendants(declaration, 'MethodDeclarationContext');
    if (!method) continue;
    const [name] = childrenOf(method, 'IdContext');
    const params = descendants(method, 'FormalParameterContext').map((p) => {
      const ids = childrenOf(p, 'IdContext');
      return ids[ids.length - 1].getText();
    });
    methods.push({ name: name.getText(), params });
  }
  return methods;
}

/** Every difference between a class's @AuraEnabled methods and its emulation, as sentences. */
export function parityProblems(
  className: string,
  methods: AuraEnabledMethod[],
  emulation: ApexClassEmulation | undefined,
): string[] {
  if (methods.length === 0) return [];
  if (!emulation)
    return [`${className} has @AuraEnabled methods and no emulation in server/sandbox/salesforce/apex`];
  const problems: string[] = [];
  for (const method of methods) {
    const emulated = emulation.methods[method.name];
    if (!emulated) problems.push(`${className}.${method.name} is not emulated`);
    else if (emulated.params.join(',') !== method.params.join(','))
      problems.push(
        `${className}.${method.name} takes (${method.params.join(', ')}) in Apex but (${emulated.params.join(', ')}) in the emulation`,
      );
  }
  for (const name of Object.keys(emulation.methods))
    if (!methods.some((m) => m.name === name))
      problems.push(`${className}.${name} is emulated but not @AuraEnabled in Apex`);
  return problems;
}
