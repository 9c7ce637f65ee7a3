// Bundles the API into dist/backend/main.js. ts-loader (not esbuild) because Nest's dependency
// injection needs TypeScript's decorator metadata; node_modules stay external.
const path = require('node:path');
const nodeExternals = require('webpack-node-externals');
const { compilerOptions } = require('../tsconfig.base.json');

const root = path.resolve(__dirname, '..');

// The workspace's path aliases (@twilio-config/*), as webpack aliases.
const alias = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [`${name}$`, path.join(root, target)]),
);

module.exports = {
  mode: 'production',
  target: 'node',
  context: __dirname,
  entry: { main: './src/main.ts', cli: './src/cli.ts' },
  output: { path: path.join(root, 'dist/backend'), filename: '[name].js', clean: true },
  devtool: 'source-map',
  optimization: { minimize: false },
  externalsPresets: { node: true },
  externals: [nodeExternals({ modulesDir: path.join(root, 'node_modules') })],
  resolve: {
    extensions: ['.ts', '.js'],
    alias,
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: 'ts-loader',
        exclude: /node_modules/,
        options: { transpileOnly: true, configFile: path.join(__dirname, 'tsconfig.app.json') },
      },
    ],
  },
  // Nest pulls optional packages lazily (microservices, websockets …); they are not installed on purpose.
  ignoreWarnings: [/Can't resolve '@nestjs\/(microservices|websockets)/, /Critical dependency/],
};
