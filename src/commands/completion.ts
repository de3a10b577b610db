import { Argument, Command, type Option } from '@commander-js/extra-typings';
import type { CommandSpec } from './context.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** The options whose values are model ids, completed from the catalog in force. */
const MODEL_OPTIONS = ['--model', '--baseline', '--match', '--on'];
/**
 * Model ids are listed when completed, by `gacost models --format csv`, rather than embedded: the
 * script then follows the catalog in force (GACOST_CATALOG, a catalog that changes) and never goes stale,
 * at the cost of one run of gacost (the built-in catalog loads no YAML) when a model id is completed.
 */
const MODEL_IDS = 'gacost models --format csv 2>/dev/null | tail -n +2 | cut -d, -f1';

interface Node {
  /** "" for the program, "project", "catalog diff", … */
  readonly path: string;
  readonly subcommands: readonly string[];
  readonly flags: readonly string[];
  /** Each flag that takes a value: its choices, or "model" / "file" / "" (anything). */
  readonly values: ReadonlyMap<string, readonly string[] | 'model' | 'file' | ''>;
}

/** `gacost completion bash|zsh|fish`: a static completion script made from the commands' declarations. */
export const completionCommand: CommandSpec = {
  globals: [],
  examples: [
    'completion bash > ~/.local/share/bash-completion/completions/gacost',
    'completion zsh > ~/.zfunc/_gacost',
    'completion fish > ~/.config/fish/completions/gacost.fish',
  ],
  declare: (host, program) =>
    new Command('completion')
      .description('print a shell completion script: commands, flags, format names and model ids')
      .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
      .action((shell) => host.io.stdout(completionScript(shell, nodesOf(program())))),
};

function nodesOf(program: Command<any, any, any>): Node[] {
  const globals = program.options.filter((option) => !option.hidden);
  const nodes: Node[] = [];
  const visit = (command: Command<any, any, any>, path: string) => {
    const options = [...(path === '' ? [] : command.options), ...globals].filter((option) => !option.hidden) as Option[];
    const values = new Map<string, readonly string[] | 'model' | 'file' | ''>();
    for (const option of options) {
      if (option.long === undefined || !(option.required || option.optional)) continue;
      values.set(
        option.long,
        option.argChoices ??
          (MODEL_OPTIONS.includes(option.long) ? 'model' : /<(file|path|files|sources)/.test(option.flags) ? 'file' : ''),
      );
    }
    const subcommands = command.commands.filter((sub) => sub.name() !== 'help').map((sub) => sub.name());
    nodes.push({
      path,
      subcommands,
      flags: [...new Set([...options.flatMap((option) => (option.long === undefined ? [] : [option.long])), '--help'])],
      values,
    });
    for (const sub of command.commands) visit(sub as Command<any, any, any>, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
  return nodes;
}

function completionScript(shell: Shell, nodes: readonly Node[]): string {
  if (shell === 'fish') return fishScript(nodes);
  const bash = bashScript(nodes);
  // zsh runs the bash script through its bash compatibility layer.
  return shell === 'zsh' ? `#compdef gacost\nautoload -U +X bashcompinit && bashcompinit\n${bash}` : bash;
}

function bashScript(nodes: readonly Node[]): string {
  const commandNames = [...new Set(nodes.flatMap((node) => node.path.split(' ')).filter((name) => name !== ''))];
  const valueCases = nodes.flatMap((node) =>
    [...node.values].map(([flag, value]) => {
      const action =
        value === 'file'
          ? 'COMPREPLY=($(compgen -f -- "$cur"))'
          : value === ''
            ? 'COMPREPLY=()'
            : `COMPREPLY=($(compgen -W "${value === 'model' ? `$(${MODEL_IDS})` : value.join(' ')}" -- "$cur"))`;
      return `    "${node.path}:${flag}") ${action}; return ;;`;
    }),
  );
  const wordCases = nodes.map((node) => `    "${node.path}") words="${[...node.subcommands, ...node.flags].join(' ')}" ;;`);
  return `# gacost completion for bash: eval "$(gacost completion bash)" in ~/.bashrc
_gacost() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" word words
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case " ${commandNames.join(' ')} " in *" $word "*) path="\${path:+$path }$word" ;; esac
  done
  case "$path:$prev" in
${valueCases.join('\n')}
  esac
  case "$path" in
${wordCases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _gacost gacost
`;
}

function fishScript(nodes: readonly Node[]): string {
  const lines = ['# gacost completion for fish: gacost completion fish > ~/.config/fish/completions/gacost.fish', 'complete -c gacost -f'];
  for (const node of nodes) {
    const words = node.path === '' ? [] : node.path.split(' ');
    // On this command exactly: its words given, and none of its subcommands yet.
    const seen = words.map((word) => `__fish_seen_subcommand_from ${word}`);
    const condition = [
      ...(node.path === '' ? ['__fish_use_subcommand'] : seen),
      ...(node.subcommands.length > 0 && node.path !== '' ? [`not __fish_seen_subcommand_from ${node.subcommands.join(' ')}`] : []),
    ].join('; and ');
    for (const sub of node.subcommands) lines.push(`complete -c gacost -n '${condition}' -a ${sub}`);
    for (const flag of node.flags) {
      const value = node.values.get(flag);
      const argument =
        value === undefined
          ? ''
          : value === 'model'
            ? ` -x -a '(${MODEL_IDS.replace('cut -d, -f1', 'string split -f1 ,')})'`
            : value === 'file'
              ? ' -r -F'
              : value === ''
                ? ' -x'
                : ` -x -a '${value.join(' ')}'`;
      lines.push(`complete -c gacost -n '${condition}' -l ${flag.slice(2)}${argument}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
