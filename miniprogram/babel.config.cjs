// Babel 7 project-wide config: applies to ../shared too (compile.include in config/index.ts).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
