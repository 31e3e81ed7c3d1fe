/// <reference lib="webworker" />
// The engine worker's entry: it only wires the engine to Comlink.
import * as Comlink from 'comlink';
import { openScopeDB } from '$lib/storage/db';
import { Engine } from './engine';

Comlink.expose(new Engine(openScopeDB(), self.location.protocol));
