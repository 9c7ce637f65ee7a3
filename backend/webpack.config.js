// Bundles the API into dist/backend/main.js. ts-loader (not esbuild) because Nest's dependency
// injection needs TypeScript's decorator metadata; node_modules stay external.
const path = require('node:path');
const nodeExternals = require('webpack-node-externals');
const TsconfigPathsPlugin = require('tsconfig-paths-webpack-plugin');

const root = path.resolve(__dirname, '..');

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
    plugins: [new TsconfigPathsPlugin({ configFile: path.join(__dirname, 'tsconfig.app.json') })],
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
