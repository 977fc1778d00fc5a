// Three bundles from one config:
//   dist/extension.js - the extension host (Node target, `vscode` external)
//   dist/cli.js       - the swdebug CLI, run by bin/swdebug with plain Node
//   dist/webview.js   - the Packet Timeline UI (browser target)
// The native addon (build/Release/*.node) is never bundled: extension/native/addon.ts
// loads it from its built location at run time with Node's own require.
'use strict';
const path = require('path');
const webpack = require('webpack');

/** @type {(tsconfig: string) => import('webpack').RuleSetRule} */
const tsRule = (tsconfig) => ({
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { configFile: path.resolve(__dirname, tsconfig), onlyCompileBundledFiles: true } }],
});

/** @type {import('webpack').Configuration} */
const nodeCommon = {
  target: 'node20',
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [tsRule('tsconfig.json')] },
  externals: { vscode: 'commonjs vscode' },
  node: { __dirname: false, __filename: false },
  devtool: 'source-map',
  infrastructureLogging: { level: 'warn' },
};

module.exports = [
  {
    ...nodeCommon,
    name: 'extension',
    entry: { extension: './extension/extension.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
  },
  {
    ...nodeCommon,
    name: 'cli',
    entry: { cli: './extension/cli/main.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
    // main.ts loads each command's module with import() so a command evaluates only what it
    // uses (tsc turns that into a deferred require today). Should it ever reach webpack as a
    // real import(), this keeps the modules in dist/cli.js, still evaluated lazily, instead
    // of splitting them into chunk files that .vscodeignore would leave out of the VSIX.
    plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
  },
  {
    name: 'webview',
    target: 'web',
    entry: { webview: './webview/main.ts' },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule('webview/tsconfig.json')] },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js' },
    devtool: 'source-map',
    infrastructureLogging: { level: 'warn' },
  },
];
