import { Command } from 'commander';
import { packageVersion } from '../io/package-info.ts';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded on demand: `kabar check` on a long history
 * should not first load the GitHub client, the prompts and the Markdown
 * pipeline of commands it does not run. Listed in the order `--help` shows.
 */
const COMMANDS: Record<string, () => Promise<Register[]>> = {
  init: async () => [(await import('./init.ts')).registerInit],
  check: async () => [(await import('./check.ts')).registerCheck],
  new: async () => [(await import('./new.ts')).registerNew],
  update: async () => [(await import('./update.ts')).registerUpdate],
  resolve: async () => [(await import('./update.ts')).registerResolve],
  translate: async () => [(await import('./translate.ts')).registerTranslate],
  list: async () => [(await import('./list.ts')).registerList],
  postmortem: async () => [(await import('./postmortem.ts')).registerPostmortem],
  report: async () => [(await import('./report.ts')).registerReport],
  notify: async () => [(await import('./notify.ts')).registerNotify],
  import: async () => [(await import('./import.ts')).registerImport],
  ingest: async () => [(await import('./ingest.ts')).registerIngest],
  build: async () => [(await import('./build.ts')).registerBuild],
  dev: async () => [(await import('./dev.ts')).registerDev],
  preview: async () => [(await import('./preview.ts')).registerPreview],
  publish: async () => [(await import('./publish.ts')).registerPublish],
  doctor: async () => [(await import('./doctor.ts')).registerDoctor],
  'pr-preview': async () => [(await import('./automation.ts')).registerAutomation],
  'deploy-targets': async () => [(await import('./automation.ts')).registerAutomation],
};

const program = new Command('kabar')
  .description('Kabar: a status page that lives in Git.')
  .version(packageVersion(), '-v, --version', 'print the version of Kabar')
  .showHelpAfterError('(run "kabar --help" for usage)')
  .configureOutput({ outputError: (text, write) => write(text) });

// A known command loads only its own module; anything else (help, a typo) loads them all, so help and suggestions are complete.
const requested = process.argv[2];
const loaders = requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [COMMANDS[requested]!] : Object.values(COMMANDS);
const registered = new Set<Register>();
for (const registers of await Promise.all(loaders.map((load) => load()))) {
  for (const register of registers) {
    if (registered.has(register)) continue;
    registered.add(register);
    register(program);
  }
}

program.addHelpText('after', '\nRun "kabar <command> --help" for a command\'s options and examples.');
await program.parseAsync(process.argv);
