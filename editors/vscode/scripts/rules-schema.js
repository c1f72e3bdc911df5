#!/usr/bin/env node
// Writes the rule ids of `nianbao rules --format json` into package.json's
// `nianbao.rules` schema (completion and validation in the Settings editor).
// Usage: node scripts/rules-schema.js [path/to/nianbao]   (default: the release build)
// test/package.test.ts fails when package.json and the binary disagree.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..');
const bin = process.argv[2] || require('./binary').requireBinary();

function schema(rules) {
  const props = {};
  for (const r of rules) {
    props[r.id] = {
      type: 'string',
      enum: ['error', 'warning', 'info', 'off'],
      description: `${r.summary} (default: ${r.default_severity})`,
    };
  }
  return props;
}

function rulesOf(binary) {
  return JSON.parse(execFileSync(binary, ['rules', '--format', 'json', '--lang', 'en'], { encoding: 'utf8' }));
}

if (require.main === module) {
  const pkgPath = path.join(root, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  pkg.contributes.configuration.properties['nianbao.rules'].properties = schema(rulesOf(bin));
  fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  console.log(`package.json: ${Object.keys(pkg.contributes.configuration.properties['nianbao.rules'].properties).length} rules`);
}

module.exports = { schema, rulesOf };
