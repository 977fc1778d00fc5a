// The extension activates in a real extension host, loads its native addon there (the
// addon is built for Node's ABI, and the extension host is where it has to load), and
// registers its commands.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SwdebugApi } from '../../extension/extension';

const EXTENSION_ID = 'swdebug.socket-wrapper-debug';

describe('activation', () => {
  let api: SwdebugApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<SwdebugApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
    api = await ext.activate();
    assert.ok(ext.isActive, `${EXTENSION_ID} did not become active`);
  });

  it('loads the native addon in the extension host', () => {
    assert.ok(api?.native, 'activate() returned no native status');
    assert.strictEqual(api.native.ok, true, `native addon did not load: ${api.native.detail}`);
  });

  it('registers socketWrapper.showNativeStatus', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('socketWrapper.showNativeStatus'), 'command socketWrapper.showNativeStatus is not registered');
  });
});
