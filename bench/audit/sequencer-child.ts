import { createPrivateKey } from 'node:crypto';
import { AuditSequencer } from '../../src/modules/audit/log/audit-sequencer';
import { CheckpointSigner } from '../../src/modules/audit/log/checkpoint-signer';
import { DEFAULT_SEALING_SETTINGS } from '../../src/modules/audit/log/sealing-settings';
import { benchLogger } from './logger';
import { SEQUENCER_ENV, type SequencerCommand, type SequencerReply } from './sequencer-process';

/**
 * The production sequencer with its default settings, in a process of its own as on a server (where it shares the
 * process with the API, not with a load generator), so that its CPU is read apart and it competes with the clients
 * only for the database and the machine. Started by sequencer-process.ts; seals on command for the timed drains,
 * then on its own timer for the append cells.
 */

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this file is started by bench/audit/run.ts`);
  return value;
}

function send(message: SequencerReply): void {
  process.send?.(message);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function main(): void {
  const signer = new CheckpointSigner(createPrivateKey(required(SEQUENCER_ENV.signingKey)));
  const sequencer = new AuditSequencer(required(SEQUENCER_ENV.databaseUrl), signer, DEFAULT_SEALING_SETTINGS, benchLogger());
  const stop = () => void sequencer.stop().finally(() => process.exit(0));
  const run = async (command: SequencerCommand): Promise<SequencerReply | null> => {
    switch (command.type) {
      case 'seal': {
        const rows = await sequencer.sealPending();
        if (!sequencer.isLeader) throw new Error('the bench sequencer did not get the lead: another sequencer holds it');
        return { type: 'sealed', rows };
      }
      case 'start':
        sequencer.start();
        return { type: 'started' };
      case 'stop':
        stop();
        return null;
    }
  };
  process.on('message', (command: SequencerCommand) => {
    run(command).then(
      (answer) => answer && send(answer),
      (error: unknown) => send({ type: 'failed', message: messageOf(error) }),
    );
  });
  // The parent gone (killed): no sequencer may outlive the run.
  process.on('disconnect', stop);
  send({ type: 'ready' });
}

main();
