// Inputs that must come back from a wasm core as {"ok":false} values, leaving the instance working:
// [name, call] pairs for a core (`load`, `call`) and one questionnaire it loaded (`score`, `scoreText`).
export function hostileInputs(core, q) {
  return [
    ['not JSON', () => core.load('{"format": ')],
    ['wrong type', () => core.load('[1, 2, 3]')],
    ['empty', () => core.load('')],
    ['deep nesting', () => core.load('['.repeat(1_000_000))],
    ['huge questionnaire', () => core.load(`{"id": "${'x'.repeat(12 << 20)}"}`)],
    ['answers not an object', () => q.score([1, 2], 'fr')],
    ['answers not JSON', () => JSON.parse(q.scoreText('{"q1":', 'fr'))],
    ['deep answers', () => JSON.parse(q.scoreText(`{"q1":${'['.repeat(500_000)}`, 'fr'))],
    ['huge answers', () => JSON.parse(q.scoreText(`{"q1":"${'é'.repeat(2 << 20)}"}`, 'fr'))],
    ['unknown language', () => q.score({}, 'de')],
    ['unknown handle', () => core.call('cat_score', 9999, '{}', 'fr')],
  ];
}
