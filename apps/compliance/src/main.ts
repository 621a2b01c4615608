import { serviceMain } from '@parley/nest-kit';
import { ComplianceModule } from './compliance.module.js';
import { complianceSettings } from './compliance.settings.js';
import { complianceTool } from './tool.js';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  serviceMain({ name: 'compliance', module: ComplianceModule, settings: complianceSettings, apiTitle: 'Parley compliance API: archive, exports, legal holds, retention' });
} else {
  complianceTool(command, args).then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      process.stderr.write(`parley-compliance ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
