// The intake's 422: the core's own check of one record, its problems with the core's code, params
// and path inside the record, worded in the client's language. A real server on SQLite (the check
// does not depend on the database).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { answerSets, createEvent, record, root, serverForSuite, submit } from './support.mjs';

// The core's catalog of messages, from the command-line tool built beside the server.
const catalog = JSON.parse(execFileSync(path.join(root, process.env.CATALYSE_BUILD_DIR ?? 'build', 'native/cli/catalyse'),
  ['messages'], { cwd: root, encoding: 'utf8' }));

describe('intake check', () => {
  const suite = serverForSuite('sqlite');
  let event;
  before(async () => {
    event = await createEvent(suite.base);
  });

  test('a refused answer: its path in the record, the core\'s code and words, in French or English', async () => {
    const bad = record(event, 0, { answers: { ...answerSets[0], dynamique: 'pas-une-option' } });
    for (const lang of ['fr', 'en']) {
      const r = await submit(suite.base, event, bad, { headers: { 'accept-language': lang } });
      assert.equal(r.status, 422);
      const [problem] = r.json.errors;
      assert.equal(r.json.errors.length, 1);
      assert.equal(problem.path, '/answers/dynamique');
      const template = catalog[lang].templates[problem.code];
      assert.ok(template, `${problem.code} in the ${lang} catalog`);
      assert.equal(typeof problem.params, 'object');
      const fixed = template.split(/\{[^}]*\}/).filter(Boolean);
      assert.ok(fixed.every((part) => problem.message.includes(part)), `${lang}: ${problem.message} / ${template}`);
    }
  });

  test('not JSON: where (line, column) among the params; several values, an array, nothing at all', async () => {
    let r = await submit(suite.base, event, record(event), { body: '{"format": "catalyse-response/1",\n  "id": ' });
    assert.equal(r.status, 422);
    assert.equal(r.json.errors[0].path, '');
    assert.match(r.json.errors[0].code, /^json\./);
    assert.equal(r.json.errors[0].params.line, '2');
    assert.ok(Number(r.json.errors[0].params.column) > 1);

    r = await submit(suite.base, event, record(event), { body: `[${JSON.stringify(record(event))}]` });
    assert.equal(r.status, 422);
    assert.equal(r.json.errors[0].code, 'aggregate.expected-record');

    r = await submit(suite.base, event, record(event), { body: '{"a":1} {"b":2}' });
    assert.equal(r.status, 422);
    assert.ok(r.json.errors.some((e) => e.code === 'json.expected-end'), r.text);

    r = await submit(suite.base, event, record(event), { body: '  \n' });
    assert.equal(r.status, 422);
    assert.equal(r.json.errors[0].path, '');
  });

  test('a record checked twice is not a duplicate of itself: the same response again is 200, not 422', async () => {
    const rec = record(event, 1);
    assert.equal((await submit(suite.base, event, rec)).status, 201);
    assert.equal((await submit(suite.base, event, rec)).status, 200);
  });
});
