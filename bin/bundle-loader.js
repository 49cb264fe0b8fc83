'use strict';
// The bundles' loader, for the build (scripts/build.mjs and the code-cache scripts), the bench
// and the tests: bundleLoader, written in bin/afterview.js, which the command runs without
// loading this file, and its instance for this package's dist/ (load, makeCodeCache, bundles).
const { bundleLoader, packageLoader } = require('./afterview.js');

module.exports = { ...packageLoader(), bundleLoader };
