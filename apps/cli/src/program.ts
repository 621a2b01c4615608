import { Command } from 'commander';
import { addinCommand } from './commands/addin.command.js';
import { serverCommand } from './commands/server.command.js';
import { examples } from './commands/admin-command.js';
import { categoryCommand } from './commands/category.command.js';
import { complianceCommand } from './commands/compliance.command.js';
import { configCommand } from './commands/config.command.js';
import { directoryCommand } from './commands/directory.command.js';
import { feedCommand } from './commands/feed.command.js';
import { fileCommand } from './commands/file.command.js';
import { followCommand, unfollowCommand } from './commands/follow.command.js';
import { groupCommand } from './commands/group.command.js';
import { historyCommand } from './commands/history.command.js';
import { invitesCommand } from './commands/invites.command.js';
import { loadCommand } from './commands/load.command.js';
import { loginCommand } from './commands/login.command.js';
import { logoutCommand } from './commands/logout.command.js';
import { policyCommand } from './commands/policy.command.js';
import { postCommand } from './commands/post.command.js';
import { projectionsCommand } from './commands/projections.command.js';
import { roleCommand } from './commands/role.command.js';
import { roomCommand } from './commands/room.command.js';
import { searchCommand } from './commands/search.command.js';
import { statusCommand } from './commands/status.command.js';
import { tailCommand } from './commands/tail.command.js';
import { unreadCommand } from './commands/unread.command.js';
import { userCommand } from './commands/user.command.js';
import { whoamiCommand } from './commands/whoami.command.js';
import type { CliContext } from './context.js';
import { commanderErrorLine } from './errors.js';

export const VERSION = '0.1.0';

/**
 * `parley`: the command-line client and administration tool. It talks to a Parley server over the
 * same public APIs as the web client, from any machine.
 */
export function buildProgram(context: CliContext): Command {
  const program = new Command('parley')
    .description('Parley: enterprise persistent group chat. Command-line client and administration tool.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .addHelpText(
      'after',
      `${examples([
        ['parley status', 'is every service of the local single-server Parley ready?'],
        ['parley login --server http://127.0.0.1:8083 --user admin', 'sign in (the password is asked for)'],
        ['parley directory sync', 'bring in users and groups from LDAP / AD'],
        ['parley category create Engineering --allowed group:engineering', 'a category only engineering may use'],
        ['parley room create Standup --category Engineering', 'a room in it'],
        ['parley tail --room Engineering/Standup', 'follow the room; `parley post` writes to it'],
        ['parley user create dora --display-name "Dora Diaz"', 'a local user; prints a generated password'],
        ['parley policy set --group contractors --chat off', 'no persistent chat for contractors'],
        ['parley user list --json', 'machine-readable, for scripts'],
        ['parley load run scenario.yaml --url https://login.example.com', 'load-test a deployment'],
      ])}

Every command exits 0 on success and 1 with a one-line reason on failure.
Docs: docs/cli.md`,
    );
  for (const command of [
    statusCommand(),
    loginCommand(context),
    logoutCommand(context),
    whoamiCommand(context),
    userCommand(context),
    groupCommand(context),
    directoryCommand(context),
    categoryCommand(context),
    roomCommand(context),
    postCommand(context),
    tailCommand(context),
    historyCommand(context),
    searchCommand(context),
    fileCommand(context),
    invitesCommand(context),
    followCommand(context),
    unfollowCommand(context),
    unreadCommand(context),
    feedCommand(context),
    policyCommand(context),
    configCommand(context),
    addinCommand(context),
    roleCommand(context),
    serverCommand(context),
    projectionsCommand(context),
    complianceCommand(context),
    loadCommand(context),
  ]) {
    program.addCommand(command);
  }
  oneLineErrors(program);
  return program;
}

/** Commander's errors as one `parley: ...` line, for every command (added commands do not inherit it). */
function oneLineErrors(command: Command): void {
  command.configureOutput({ outputError: (text, write) => write(`${commanderErrorLine(text)}\n`) });
  for (const sub of command.commands) oneLineErrors(sub);
}
