#!/usr/bin/env node
import { buildApp } from '../app.js';

const { app } = buildApp();
app.synth();
