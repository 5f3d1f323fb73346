#!/usr/bin/env node
// Runs the compiled CLI (dist/), rebuilding it first in a dev checkout whose sources changed.
import { pathToFileURL } from 'node:url'
import { ensureDist } from './dist.js'

await import(pathToFileURL(ensureDist()).href)
