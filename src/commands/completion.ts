import { Argument, Command, type Option } from '@commander-js/extra-typings';
import { GROUP_FIELDS } from '../core/usage.js';
import type { CommandSpec } from './context.js';
import { repeatedList } from './repeated-flags.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/**
 * What completes a flag's value or a command's arguments. Nothing (no words, lookup or files) means
 * any text, such as a quantity or a date.
 */
interface Values {
  /** Fixed words: a flag's or an argument's choices, `builtin` where a catalog file may be the built-in one. */
  readonly words: readonly string[];
  /** Words the catalog in force lists, got by running gacost when they are completed. */
  readonly lookup?: 'models' | 'providers';
  readonly files: boolean;
  /** Comma-separated (`--by model,day`): each item after the last comma is completed. */
  readonly list: boolean;
}

/** The flags whose values the catalog in force or the code knows, beyond their declared choices. */
const KNOWN_VALUES: Readonly<Record<string, Pick<Values, 'words' | 'lookup'>>> = {
  '--model': { words: [], lookup: 'models' },
  '--baseline': { words: [], lookup: 'models' },
  '--match': { words: [], lookup: 'models' },
  '--on': { words: [], lookup: 'models' },
  '--provider': { words: [], lookup: 'providers' },
  '--by': { words: GROUP_FIELDS },
};

/**
 * Model ids (as written) with their aliases, and provider keys, are listed when completed by `gacost
 * catalog export --table rules` rather than embedded: the script then follows the catalog in force
 * (GACOST_CATALOG, an updated catalog) and never goes stale, at the cost of one run of gacost. Its
 * columns before the pattern (model id, provider, orders, scope, alternative, kind) hold no comma.
 */
const LOOKUPS: Readonly<Record<NonNullable<Values['lookup']>, string>> = {
  models: `gacost catalog export --table rules 2>/dev/null | awk -F, '$5 == "model" && $7 == "id" { print $1 } $5 == "model" && $7 == "alias" { print $8 }'`,
  providers: `gacost catalog export --table rules 2>/dev/null | awk -F, '$5 == "provider" && $7 == "id" { print $8 }'`,
};

interface Node {
  /** "" for the program, "project", "catalog diff", … */
  readonly path: string;
  readonly subcommands: readonly string[];
  readonly flags: readonly string[];
  /** Each flag that takes a value, and what completes it. */
  readonly values: ReadonlyMap<string, Values>;
  /** What completes the command's arguments, whichever their place. */
  readonly arguments: Values;
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
      .description(
        'print a shell completion script: commands and their arguments, flags, and the values gacost knows (formats, model ids and aliases, providers, --by fields, files)',
      )
      .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
      .action((shell) => host.io.stdout(completionScript(shell, nodesOf(program())))),
};

/** A value that may name the built-in catalog (its help says so) is offered `builtin` beside the files. */
const builtinWord = (description: string) => (/\bbuiltin\b/.test(description) ? ['builtin'] : []);

function optionValues(option: Option): Values {
  const known = option.long === undefined ? undefined : KNOWN_VALUES[option.long];
  const files = /<[^>]*\b(file|files|path|sources)\b/.test(option.flags);
  return {
    words: [...(option.argChoices ?? known?.words ?? []), ...builtinWord(option.description)],
    ...(known?.lookup === undefined ? {} : { lookup: known.lookup }),
    files,
    list: option.variadic || option.parseArg === repeatedList,
  };
}

/** gacost's arguments are choices (schema's kind, completion's shell), models (init's) or else files, folders and catalogs. */
function argumentValues(args: readonly Argument[]): Values {
  const models = (argument: Argument) => argument.name() === 'models';
  return {
    words: [...new Set(args.flatMap((argument) => [...(argument.argChoices ?? []), ...builtinWord(argument.description)]))],
    ...(args.some(models) ? { lookup: 'models' as const } : {}),
    files: args.some((argument) => argument.argChoices === undefined && !models(argument)),
    list: false,
  };
}

function nodesOf(program: Command<any, any, any>): Node[] {
  const globals = program.options.filter((option) => !option.hidden);
  const nodes: Node[] = [];
  const visit = (command: Command<any, any, any>, path: string) => {
    const options = [...(path === '' ? [] : command.options), ...globals].filter((option) => !option.hidden) as Option[];
    const values = new Map<string, Values>();
    for (const option of options) {
      if (option.long !== undefined && (option.required || option.optional)) values.set(option.long, optionValues(option));
    }
    nodes.push({
      path,
      subcommands: command.commands.filter((sub) => sub.name() !== 'help').map((sub) => sub.name()),
      flags: [...new Set([...options.flatMap((option) => (option.long === undefined ? [] : [option.long])), '--help'])],
      values,
      arguments: argumentValues(command.registeredArguments as readonly Argument[]),
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

/** The bash that completes a flag's value from `values`. */
function bashAction(values: Values): string {
  const calls = [
    ...(values.words.length > 0 ? [`_gacost_words "${values.words.join(' ')}"${values.list ? ' list' : ''}`] : []),
    ...(values.lookup === undefined ? [] : [`_gacost_words "$(_gacost_${values.lookup})"${values.list ? ' list' : ''}`]),
    ...(values.files ? ['_gacost_files'] : []),
  ];
  return [...calls, 'return'].join('; ');
}

function bashScript(nodes: readonly Node[]): string {
  const commandNames = [...new Set(nodes.flatMap((node) => node.path.split(' ')).filter((name) => name !== ''))];
  // One case per way of completing, naming every command:flag completed that way.
  const valueCases = new Map<string, string[]>();
  for (const node of nodes) {
    for (const [flag, values] of node.values) {
      const action = bashAction(values);
      valueCases.set(action, [...(valueCases.get(action) ?? []), `"${node.path}:${flag}"`]);
    }
  }
  const wordCases = nodes.map((node) => {
    const words = [...node.subcommands, ...node.arguments.words];
    const { files, lookup } = node.arguments;
    return `    "${node.path}") ${words.length > 0 ? `arguments="${words.join(' ')}" ` : ''}${files ? 'files=1 ' : ''}${lookup === undefined ? '' : `lookup=${lookup} `}flags="${node.flags.join(' ')}" ;;`;
  });
  return `# gacost completion for bash: eval "$(gacost completion bash)" in ~/.bashrc
${Object.entries(LOOKUPS)
  .map(([name, command]) => `_gacost_${name}() { ${command}; }`)
  .join('\n')}
# Adds the words of $1 that complete the current word; with $2, of its last comma-separated item, less
# the items already given.
_gacost_words() {
  local head="" words=" $1 " item
  if [[ -n $2 && $cur == *,* ]]; then
    head="\${cur%,*},"
    # Split by a command substitution, which zsh (running this through bashcompinit) splits as bash does.
    for item in $(echo "\${head//,/ }"); do words="\${words// $item / }"; done
  fi
  COMPREPLY+=($(compgen -P "$head" -W "$words" -- "\${cur#"$head"}"))
}
_gacost_files() {
  compopt -o filenames 2>/dev/null
  COMPREPLY+=($(compgen -f -- "$cur"))
}
_gacost() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" word arguments="" files="" lookup="" flags=""
  COMPREPLY=()
  for word in "\${COMP_WORDS[@]:1:$((COMP_CWORD - 1))}"; do
    case " ${commandNames.join(' ')} " in *" $word "*) command="\${command:+$command }$word" ;; esac
  done
  # Not "path": zsh ties that name to PATH.
  case "$command:$prev" in
${[...valueCases].map(([action, patterns]) => `    ${patterns.join('|')}) ${action} ;;`).join('\n')}
  esac
  case "$command" in
${wordCases.join('\n')}
  esac
  # A command's arguments (or subcommands) unless a flag is begun; its flags where it takes none.
  if [[ $cur != -* && -n $arguments$files$lookup ]]; then
    _gacost_words "$arguments"
    if [[ -n $lookup ]]; then _gacost_words "$(_gacost_$lookup)"; fi
    if [[ -n $files ]]; then _gacost_files; fi
    return
  fi
  _gacost_words "$flags"
}
complete -o default -F _gacost gacost
`;
}

/** The fish arguments that complete a flag's value from `values`. */
function fishValues(values: Values): string {
  const run = (command: string) => `(${values.list ? `__fish_complete_list , "${command}"` : command})`;
  const candidates = [
    ...(values.lookup === undefined ? [] : [run(`__gacost_${values.lookup}`)]),
    ...(values.list && values.words.length > 0 ? [run(`string split , ${values.words.join(',')}`)] : values.words),
  ];
  return `${values.files ? ' -r -F' : ' -x'}${candidates.length > 0 ? ` -a '${candidates.join(' ')}'` : ''}`;
}

function fishScript(nodes: readonly Node[]): string {
  const lines = [
    '# gacost completion for fish: gacost completion fish > ~/.config/fish/completions/gacost.fish',
    ...Object.entries(LOOKUPS).map(([name, command]) => `function __gacost_${name}\n    ${command}\nend`),
    'complete -c gacost -f',
  ];
  for (const node of nodes) {
    const words = node.path === '' ? [] : node.path.split(' ');
    // On this command exactly: its words given, and none of its subcommands yet.
    const seen = words.map((word) => `__fish_seen_subcommand_from ${word}`);
    const condition = [
      ...(node.path === '' ? ['__fish_use_subcommand'] : seen),
      ...(node.subcommands.length > 0 && node.path !== '' ? [`not __fish_seen_subcommand_from ${node.subcommands.join(' ')}`] : []),
    ].join('; and ');
    for (const sub of node.subcommands) lines.push(`complete -c gacost -n '${condition}' -a ${sub}`);
    if (node.arguments.words.length > 0 || node.arguments.files || node.arguments.lookup !== undefined) {
      const { words, files, lookup } = node.arguments;
      const candidates = [...words, ...(lookup === undefined ? [] : [`(__gacost_${lookup})`])];
      lines.push(
        `complete -c gacost -n '${condition}'${files ? ' -F' : ' -x'}${candidates.length > 0 ? ` -a '${candidates.join(' ')}'` : ''}`,
      );
    }
    for (const flag of node.flags) {
      const values = node.values.get(flag);
      lines.push(`complete -c gacost -n '${condition}' -l ${flag.slice(2)}${values === undefined ? '' : fishValues(values)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
