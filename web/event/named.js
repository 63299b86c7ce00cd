// The default questionnaire's one-language copies (scripts/one-language.mjs) named by the whole
// questionnaire's hash on the participant page: a copy scores byte for byte as the whole
// questionnaire does in its language (tests/wasm/one-language.test.mjs), so the responses made with
// it name the questionnaire the event has.

/**
 * The loaded questionnaire `q` (core.js: LoadedQuestionnaire) named by `hash`: in its `info` and in
 * its results' `questionnaire.hash`; the rest is q's.
 */
export function namedAs(q, hash) {
  // A result's first member named "hash" is its questionnaire's: a JSON string cannot hold an
  // unescaped quote, so the text below cannot occur inside one.
  const own = `"hash":${JSON.stringify(q.info.hash)}`;
  const named = `"hash":${JSON.stringify(hash)}`;
  const scoreText = (answersText, lang) => q.scoreText(answersText, lang).replace(own, () => named);
  return {
    info: { ...q.info, hash },
    get handle() { return q.handle; },
    scoreText,
    score: (answers, lang) => JSON.parse(scoreText(JSON.stringify(answers ?? {}), lang)),
    dispose: () => q.dispose(),
  };
}

/**
 * The core `core` (a TrustingCore or a CatalyseCore: its `load`) with the questionnaires whose hash
 * is a key of `names` loaded under the hash it maps to.
 */
export function namingCore(core, names) {
  return {
    async load(questionnaire, lang) {
      const answer = await core.load(questionnaire, lang);
      const hash = answer.ok ? names.get(answer.questionnaire.info.hash) : undefined;
      return hash === undefined ? answer : { ok: true, questionnaire: namedAs(answer.questionnaire, hash) };
    },
  };
}
