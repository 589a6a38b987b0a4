import { Command } from 'commander';
import { registerCheck } from './check.ts';
import { registerList } from './list.ts';
import { registerNew } from './new.ts';
import { registerPostmortem } from './postmortem.ts';
import { registerReport } from './report.ts';
import { registerTranslate } from './translate.ts';
import { registerResolve, registerUpdate } from './update.ts';

const program = new Command('kabar')
  .description('Kabar: a status page that lives in Git.')
  .showHelpAfterError('(run "kabar --help" for usage)')
  .configureOutput({ outputError: (text, write) => write(text) });

registerCheck(program);
registerNew(program);
registerUpdate(program);
registerResolve(program);
registerTranslate(program);
registerList(program);
registerPostmortem(program);
registerReport(program);

program.addHelpText('after', '\nRun "kabar <command> --help" for a command\'s options and examples.');
await program.parseAsync(process.argv);
