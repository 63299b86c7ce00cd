// The catalog of the core's messages (messages.hpp) and the filling of their templates.
#include <catalyse/json.hpp>
#include <catalyse/messages.hpp>

#include <algorithm>
#include <iterator>

namespace catalyse {
namespace {

// The widget's wasm (catalyse_core_lean) is built with CATALYSE_MESSAGES_EN_ONLY: its messages come
// in English with their code and params, and the widget words them in French from the catalog that
// `catalyse messages` prints (web/generated/core-messages.json). Every other build holds both. With
// CATALYSE_MESSAGES_WIDGET too (the widget's core) it leaves out the messages of what that core never
// does: the aggregation's problems and notes, and the comparisons (the comparing core has them).
// With CATALYSE_MESSAGES_COMPARE (the comparing core) it leaves out the expressions' errors.
// With CATALYSE_MESSAGES_NONE (the trusting core, wasm/CMakeLists.txt) a message is its code: the
// widget words it from the same catalog (web/src/core-messages.js).
#if defined(CATALYSE_MESSAGES_EN_ONLY)
#define FR(text) ""
#else
#define FR(text) text
#endif

// Sorted by code (a test checks it): looked up by binary search.
constexpr MessageTemplate catalog[] = {
#if !defined(CATALYSE_MESSAGES_WIDGET)  // the widget's core does not aggregate
    // The aggregation of response records (AGGREGATE.md "Problems reported" and "Options").
    {"aggregate.answer-left-out", "(this answer is left out; the rest of the response is counted)",
     FR("(cette réponse est écartée ; le reste de la réponse est compté)")},
    {"aggregate.answers-missing", "expected an object of answers, the member is missing",
     FR("attendu : un objet de réponses, le membre est absent")},
    {"aggregate.bad-id", "expected the response id, a non-empty string of at most 128 characters",
     FR("attendu : l'identifiant de la réponse, un texte non vide de 128 caractères au plus")},
    {"aggregate.benchmark-id", "expected an id: lower-case letters, digits, '-' or '_', at most 40 characters",
     FR("attendu : un identifiant fait de lettres minuscules, de chiffres, de « - » ou de « _ », 40 caractères au plus")},
    {"aggregate.benchmark-source", "expected a text per language, e.g. {\"fr\": \"…\", \"en\": \"…\"}",
     FR("attendu : un texte par langue, par exemple {\"fr\": \"…\", \"en\": \"…\"}")},
    {"aggregate.breakdown-not-single", "question \"{question}\" is not a single-choice question",
     FR("la question « {question} » n'est pas une question à choix unique")},
    {"aggregate.conflict", "the response id \"{id}\" was already read with different content (source {source}, record {record}); the first one is kept",
     FR("l'identifiant de réponse « {id} » a déjà été lu avec un autre contenu (source {source}, réponse {record}) ; la première est gardée")},
    {"aggregate.expected-answers", "expected an object of answers, got {got:kind}", FR("attendu : un objet de réponses, reçu : {got:kind}")},
    {"aggregate.expected-export", "expected an export: an array of response records or an object with a \"records\" array, got {got:kind}",
     FR("attendu : un export, soit un tableau de réponses, soit un objet avec un tableau « records », reçu : {got:kind}")},
    {"aggregate.expected-questionnaire", "expected an object {id, version, hash}", FR("attendu : un objet {id, version, hash}")},
    {"aggregate.expected-questionnaire-hash", "expected the questionnaire hash (a string)",
     FR("attendu : l'empreinte (hash) du questionnaire, un texte")},
    {"aggregate.expected-questionnaire-id", "expected the questionnaire id (a string)", FR("attendu : l'identifiant du questionnaire, un texte")},
    {"aggregate.expected-record", "expected a response record (an object), got {got:kind}",
     FR("attendu : une réponse (un objet), reçu : {got:kind}")},
    {"aggregate.expected-record-array", "expected an array of response records, got {got:kind}",
     FR("attendu : un tableau de réponses, reçu : {got:kind}")},
    {"aggregate.expected-records", "expected response records: an array, {\"records\":[…]} or {\"sources\":[…]}",
     FR("attendu : des réponses, soit un tableau, soit {\"records\":[…]}, soit {\"sources\":[…]}")},
    {"aggregate.expected-records-got", "expected response records: an array, {\"records\":[…]} or {\"sources\":[…]}, got {got:kind}",
     FR("attendu : des réponses, soit un tableau, soit {\"records\":[…]}, soit {\"sources\":[…]}, reçu : {got:kind}")},
    {"aggregate.expected-sources", "expected an array of exports, got {got:kind}", FR("attendu : un tableau d'exports, reçu : {got:kind}")},
    {"aggregate.export-without-records",
     "expected an export: an array of response records or an object with a \"records\" array, got an object without \"records\"",
     FR("attendu : un export, soit un tableau de réponses, soit un objet avec un tableau « records », reçu : un objet sans « records »")},
    {"aggregate.format-missing", "expected \"{expected}\", the member is missing", FR("attendu : « {expected} », le membre est absent")},
    {"aggregate.format-wrong", "expected \"{expected}\", got \"{got}\"", FR("attendu : « {expected} », reçu : « {got} »")},
    {"aggregate.format-wrong-kind", "expected \"{expected}\", got {got:kind}", FR("attendu : « {expected} », reçu : {got:kind}")},
    {"aggregate.id-missing", "expected the response id, a non-empty string of at most 128 characters, the member is missing",
     FR("attendu : l'identifiant de la réponse, un texte non vide de 128 caractères au plus, le membre est absent")},
    {"aggregate.min-group", "expected an integer of at least 5 (3 in a workshop)", FR("attendu : un entier d'au moins 5 (3 en atelier)")},
    {"aggregate.min-group-workshop", "expected an integer of at least 3", FR("attendu : un entier d'au moins 3")},
    {"aggregate.other-questionnaire", "a response to another questionnaire (\"{got}\", not \"{expected}\")",
     FR("une réponse à un autre questionnaire (« {got} » et non « {expected} »)")},
    {"aggregate.other-version", "a response to another version of this questionnaire (hash \"{got}\", expected \"{expected}\")",
     FR("une réponse à une autre version de ce questionnaire (empreinte « {got} », attendue : « {expected} »)")},
    {"aggregate.records-before-used", "(the {count} records before it are used)", FR("(les {count} réponses qui précèdent sont utilisées)")},
    {"aggregate.source-without-records",
     "expected an export: an array of response records or an object with a \"records\" array, got an object without \"records\" or \"text\"",
     FR("attendu : un export, soit un tableau de réponses, soit un objet avec un tableau « records », reçu : un objet sans « records » ni « text »")},
    {"aggregate.unknown-question", "no question \"{question}\" in the questionnaire", FR("aucune question « {question} » dans le questionnaire")},
#endif
    // Answers (FORMAT.md §2): one answer of an answers document.
    {"answer.above-maximum", "{value} is above the maximum {maximum}", FR("{value:number} est au-dessus du maximum, {maximum:number}")},
    {"answer.below-minimum", "{value} is below the minimum {minimum}", FR("{value:number} est en dessous du minimum, {minimum:number}")},
    {"answer.dont-know-combined", "the \"don't know\" option cannot be combined with other options", FR("l'option « je ne sais pas » ne se combine pas avec d'autres options")},
    {"answer.expected-number", "expected a number, got {got:kind}", FR("réponse attendue : un nombre, reçu : {got:kind}")},
    {"answer.expected-option", "expected an option id (a string), got {got:kind}", FR("réponse attendue : l'identifiant d'une option (une chaîne de caractères), reçu : {got:kind}")},
    {"answer.expected-options", "expected an array of option ids, got {got:kind}", FR("réponse attendue : une liste d'identifiants d'options, reçu : {got:kind}")},
    {"answer.expected-rows", "expected an object from row id to option id, got {got:kind}", FR("réponse attendue : un objet qui associe à chaque ligne une option, reçu : {got:kind}")},
    {"answer.expected-text", "expected a string, got {got:kind}", FR("réponse attendue : un texte, reçu : {got:kind}")},
    {"answer.not-whole", "expected a whole number, got {value}", FR("réponse attendue : un nombre entier, reçu : {value:number}")},
    {"answer.out-of-range", "number out of range (beyond ±1.7976931348623157e308)", FR("nombre hors limites (au-delà de ±1,7976931348623157e308)")},
    {"answer.selected-twice", "option \"{option}\" selected twice", FR("option « {option} » choisie deux fois")},
    {"answer.too-few-selections", "too few selections: {count} (at least {minimum})", FR("trop peu de choix : {count} (au moins {minimum})")},
    {"answer.too-long", "too long: {length} characters (at most {maximum})", FR("trop long : {length} caractères (au plus {maximum})")},
    {"answer.too-many-selections", "too many selections: {count} (at most {maximum})", FR("trop de choix : {count} (au plus {maximum})")},
    {"answer.unknown-option", "unknown option \"{option}\" of question \"{question}\"", FR("option inconnue « {option} » pour la question « {question} »")},
    {"answer.unknown-question", "unknown question \"{question}\"", FR("question inconnue « {question} »")},
    {"answer.unknown-row", "unknown row \"{row}\" of question \"{question}\"", FR("ligne inconnue « {row} » pour la question « {question} »")},
    {"answers.not-object", "expected an object of answers (question id → answer), got {got:kind}", FR("attendu : un objet de réponses (identifiant de question → réponse), reçu : {got:kind}")},
    // The core itself.
#if !defined(CATALYSE_MESSAGES_WIDGET)  // the widget's core neither compares nor aggregates
    // Comparisons over time (COMPARE.md): why a figure is not compared, and notes.
    {"compare.dimension-added", "not in the earlier questionnaire (version {version})", FR("absente du questionnaire précédent (version {version})")},
    {"compare.dimension-removed", "no longer in the questionnaire", FR("absente du questionnaire actuel")},
    {"compare.expected-aggregate", "expected group results (catalyse-aggregate/1)", FR("attendu : des résultats de groupe (catalyse-aggregate/1)")},
    {"compare.expected-result", "expected a result (catalyse-result/1), or a result file {record, result}",
     FR("attendu : un résultat (catalyse-result/1) ou un fichier de résultat {record, result}")},
    {"compare.index-dimensions", "the index rests on other dimensions than before ({dimensions})",
     FR("l'indice repose sur d'autres dimensions qu'avant ({dimensions})")},
    {"compare.insufficient-earlier", "not enough answers in the earlier result", FR("pas assez de réponses dans le résultat précédent")},
    {"compare.insufficient-later", "not enough answers in this result", FR("pas assez de réponses dans ce résultat")},
    {"compare.option-added", "an answer not offered before", FR("une réponse nouvelle")},
    {"compare.option-removed", "an answer no longer offered", FR("une réponse retirée")},
    {"compare.other-questionnaire", "the two come from different questionnaires (\"{earlier}\" and \"{later}\"): nothing is compared",
     FR("les deux viennent de questionnaires différents (« {earlier} » et « {later} ») : rien n'est comparé")},
    {"compare.other-version", "the questionnaire changed between the two (version {earlier}, then {later}): its dimensions' questions may differ",
     FR("le questionnaire a changé entre les deux (version {earlier}, puis {later}) : les questions d'une dimension peuvent différer")},
    {"compare.question-added", "a question not asked before", FR("une question nouvelle")},
    {"compare.question-removed", "a question no longer asked", FR("une question retirée")},
    {"compare.question-type", "the question changed type ({earlier}, then {later})", FR("la question a changé de type ({earlier}, puis {later})")},
    {"compare.row-added", "a row not there before", FR("une ligne nouvelle")},
    {"compare.too-few", "fewer than {minGroup} answers on one side: not compared", FR("moins de {minGroup} réponses d'un côté : pas de comparaison")},
#endif
    {"core.internal-error", "internal error", FR("erreur interne")},  // params may hold a "detail" for developers
    {"core.out-of-memory", "out of memory", FR("mémoire insuffisante")},
    {"core.unknown-aggregate", "unknown aggregate handle", FR("agrégat inconnu (identifiant d'ouverture)")},
    {"core.unknown-handle", "unknown questionnaire handle", FR("questionnaire inconnu (identifiant de chargement)")},
#if !defined(CATALYSE_MESSAGES_WIDGET)
    // The aggregate's "crossed" block (AGGREGATE.md "Across partners"): notes people read beside it; the
    // hidden groups' note and the "no answer" label serve the breakdowns too.
    {"crossed.dispersion",
     "Divergence: Leik's ordinal dispersion, from 0 (everyone gave the same answer) to 1 (half at each end of the scale), "
     "on the answers other than \"don't know\". It reads the order of the answers, not distances between them.",
     FR("Divergence : dispersion ordinale de Leik, de 0 (tout le monde a donné la même réponse) à 1 (moitié à chaque "
        "extrémité de l'échelle), sur les réponses autres que « ne sait pas ». Elle lit l'ordre des réponses, pas des "
        "distances entre elles.")},
    {"crossed.hidden-groups", "Groups of fewer than {minGroup} responses are hidden (size and results).",
     FR("Groupes de moins de {minGroup} réponses masqués (effectif et résultats).")},
    {"crossed.no-answer", "No answer", FR("Sans réponse")},
    {"crossed.quartiles",
     "Quartiles: for n scores in order, quartile p lies at position 1 + (n − 1) × p, between two scores in proportion "
     "(the spreadsheets' QUARTILE.INC); to one decimal. Half the respondents lie between the first and the third quartile.",
     FR("Quartiles : pour n scores rangés dans l'ordre, le quartile p se trouve au rang 1 + (n − 1) × p, entre deux scores "
        "au prorata (QUARTILE.INCLURE des tableurs) ; à une décimale. La moitié des répondants se situe entre le premier "
        "et le troisième quartile.")},
    {"crossed.workshop",
     "Workshop mode: groups of {minGroup} responses or more are shown (the usual minimum is 5). In a group this small, "
     "participants may recognise one another's answers.",
     FR("Mode atelier : les groupes d'au moins {minGroup} réponses sont montrés (le minimum habituel est de 5). Dans un "
        "groupe aussi petit, les participants peuvent reconnaître les réponses les uns des autres.")},
    // The shape of a document, as its reader finds it (FORMAT.md §1).
#endif
    {"document.expected-one-of", "expected one of {allowed}, got {got}", FR("attendu : l'une des valeurs {allowed}, reçu : {got}")},
    {"document.expected-type", "expected {expected:kind}, got {got:kind}", FR("attendu : {expected:kind}, reçu : {got:kind}")},
    {"document.integer-out-of-range", "integer out of range", FR("entier hors limites")},
    {"document.missing-member", "missing required member \"{member}\"", FR("membre obligatoire manquant : « {member} »")},
    {"document.not-integer", "expected an integer, got {value}", FR("attendu : un entier, reçu : {value:number}")},
    {"document.number-out-of-range", "number out of range", FR("nombre hors limites")},
    {"document.too-many-elements", "too many elements: {count} here, {before} before; a document holds at most {maximum} array elements in all", FR("trop d'éléments : {count} ici, {before} avant ; un document contient au plus {maximum} éléments de tableaux en tout")},
    {"document.unknown-member", "unknown member \"{member}\"", FR("membre inconnu « {member} »")},
    {"document.unknown-member-hint", "unknown member \"{member}\" (did you mean \"{suggestion}\"?)", FR("membre inconnu « {member} » (vouliez-vous dire « {suggestion} » ?)")},
    // Lists of issues.
    {"issues.more", "… and {count} more errors", FR("… et {count} autres erreurs")},
    {"issues.more-at-least", "… and at least {count} more errors", FR("… et au moins {count} autres erreurs")},
    // JSON text (RFC 8259), for every document the core reads. Those with a line and a column are
  // written after "invalid JSON: parse error at line {line}, column {column}: " (message()).
    {"json.bad-escape", "invalid escape in a string: '\\' followed by {found:found} (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", FR("échappement invalide dans une chaîne, « \\ » suivi de {found:found} (attendu : \\\" \\\\ \\/ \\b \\f \\n \\r \\t ou \\uXXXX)")},
    {"json.bad-hex-escape", "expected four hexadecimal digits after \\u, found {found:found}", FR("quatre chiffres hexadécimaux attendus après \\u, trouvé : {found:found}")},
    {"json.bad-literal", "invalid literal '{word}': expected true, false or null", FR("mot « {word} » invalide, attendu : true, false ou null")},
    {"json.bad-number", "invalid number '{number}': expected a digit, found {found:found}", FR("nombre « {number} » invalide, un chiffre est attendu, trouvé : {found:found}")},
    {"json.bad-number-exponent", "invalid number '{number}': expected a digit in the exponent, found {found:found}", FR("nombre « {number} » invalide, un chiffre est attendu dans l'exposant, trouvé : {found:found}")},
    {"json.bad-number-fraction", "invalid number '{number}': expected a digit after the decimal point, found {found:found}", FR("nombre « {number} » invalide, un chiffre est attendu après le point décimal, trouvé : {found:found}")},
    {"json.bad-utf8", "invalid UTF-8 in a string: {found:found}", FR("UTF-8 invalide dans une chaîne : {found:found}")},
    {"json.control-character", "{found:found} in a string: write it as an escape such as \\n or {escape}", FR("{found:found} dans une chaîne, à écrire en échappement comme \\n ou {escape}")},
    {"json.expected-colon", "expected ':' after the member name, found {found:found}", FR("« : » attendu après le nom du membre, trouvé : {found:found}")},
    {"json.expected-comma-or-brace", "expected ',' or '}' after a member, found {found:found}", FR("« , » ou « } » attendu après un membre, trouvé : {found:found}")},
    {"json.expected-comma-or-bracket", "expected ',' or ']' after an element, found {found:found}", FR("« , » ou « ] » attendu après un élément, trouvé : {found:found}")},
    {"json.expected-end", "expected the end of the text after the document, found {found:found}", FR("la fin du texte est attendue après le document, trouvé : {found:found}")},
    {"json.expected-name", "expected a member name (a string in double quotes), found {found:found}", FR("nom de membre attendu (une chaîne entre guillemets droits), trouvé : {found:found}")},
    {"json.expected-value", "expected a value (an object, array, string, number, true, false or null), found {found:found}", FR("valeur attendue (objet, tableau, chaîne, nombre, true, false ou null), trouvé : {found:found}")},
    {"json.leading-zero", "invalid number '{number}': a number cannot start with 0 followed by a digit", FR("nombre « {number} » invalide, un nombre ne commence pas par 0 suivi d'un chiffre")},
    {"json.number-out-of-range", "the number {number} is out of range (beyond ±1.7976931348623157e308)", FR("le nombre {number} est hors limites (au-delà de ±1,7976931348623157e308)")},
    {"json.too-deep", "invalid JSON: arrays and objects nested deeper than {maximum} levels", FR("JSON invalide : tableaux et objets imbriqués sur plus de {maximum} niveaux")},
    {"json.too-large", "document too large: {size} bytes (at most {maximum})", FR("document trop volumineux : {size} octets (au plus {maximum})")},
    {"json.too-many-values", "document too large: more than {maximum} values", FR("document trop volumineux : plus de {maximum} valeurs")},
    {"json.unpaired-high-surrogate", "unpaired surrogate \\u{code}: a high surrogate must be followed by a low one (\\uDC00 to \\uDFFF)", FR("demi-codet \\u{code} isolé, un demi-codet haut doit être suivi d'un bas (\\uDC00 à \\uDFFF)")},
    {"json.unpaired-low-surrogate", "unpaired surrogate \\u{code}: a low surrogate must follow a high one (\\uD800 to \\uDBFF)", FR("demi-codet \\u{code} isolé, un demi-codet bas doit suivre un haut (\\uD800 à \\uDBFF)")},
    {"json.unterminated-string", "unterminated string: the text ends before its closing quote", FR("chaîne non terminée, le texte s'arrête avant son guillemet fermant")},
    // A questionnaire's content (FORMAT.md §1).
    {"questionnaire.at-least-one", "must be at least 1", FR("doit valoir au moins 1")},
    {"questionnaire.benchmark-question-type", "benchmarks need a \"single\", \"scale\", \"multiple\" or \"matrix\" question, \"{question}\" is \"{type}\"", FR("une référence porte sur une question « single », « scale », « multiple » ou « matrix », « {question} » est « {type} »")},
    {"questionnaire.circular-visibility", "circular visibility conditions: {chain}", FR("conditions d'affichage circulaires : {chain}")},
    {"questionnaire.counts-per-option", "expected counts per option: {\"<option id>\": count}", FR("attendu : des effectifs par option, {\"<option>\": effectif}")},
    {"questionnaire.counts-per-row", "expected counts per row: {\"<row id>\": {\"<option id>\": count}}", FR("attendu : des effectifs par ligne, {\"<ligne>\": {\"<option>\": effectif}}")},
    {"questionnaire.counts-sum", "counts add up to {sum}, more than n ({n})", FR("les effectifs totalisent {sum}, plus que n ({n})")},
    {"questionnaire.declared-stage-type", "must be a \"single\" or \"scale\" question, \"{question}\" is \"{type}\"", FR("doit désigner une question « single » ou « scale », « {question} » est « {type} »")},
    {"questionnaire.dont-know-stage", "a dontKnow option declares no stage", FR("une option dontKnow ne déclare pas de stade")},
    {"questionnaire.dont-know-twice", "only one dontKnow option per question", FR("une seule option dontKnow par question")},
    {"questionnaire.dont-know-value", "a dontKnow option has no value (it counts as missing)", FR("une option dontKnow n'a pas de valeur (elle compte comme une absence de réponse)")},
    {"questionnaire.duplicate-id", "duplicate id \"{id}\" (first at {first})", FR("identifiant « {id} » en double (première occurrence : {first})")},
    {"questionnaire.duplicate-language", "duplicate language \"{language}\"", FR("langue « {language} » en double")},
    {"questionnaire.duplicate-recommendation", "duplicate recommendation for dimension \"{dimension}\" and level \"{level}\" (first at {first})", FR("recommandation en double pour la dimension « {dimension} » et le niveau « {level} » (première occurrence : {first})")},
    {"questionnaire.empty-translation", "empty translation \"{language}\"", FR("traduction « {language} » vide")},
    {"questionnaire.empty-version", "must not be empty", FR("ne doit pas être vide")},
    {"questionnaire.exceeds-n", "must not exceed n ({n})", FR("ne doit pas dépasser n ({n})")},
#if !defined(CATALYSE_MESSAGES_COMPARE)  // the comparing core never reads a questionnaire's expressions
    // The expression language (FORMAT.md §5): written after prefixes["questionnaire.expression"], the column.
    {"questionnaire.expression.after-end", "unexpected {found:operand} after a complete expression: expected an operator (and, or, ==, +, …) or the end",
     FR("après une expression complète, attendu : un opérateur (and, or, ==, +, …) ou la fin ; reçu : {found:operand}")},
    {"questionnaire.expression.after-number", "unexpected '{character}' after the number {number}: expected an operator",
     FR("après le nombre {number}, attendu : un opérateur ; reçu : « {character} »")},
    {"questionnaire.expression.ampersand", "'&' is not an operator: write 'and'",
     FR("« & » n'est pas un opérateur : écrire « and »")},
    {"questionnaire.expression.bar", "'|' is not an operator: write 'or'",
     FR("« | » n'est pas un opérateur : écrire « or »")},
    {"questionnaire.expression.call-argument", "{function}() takes a question reference such as q.x, found {found:operand}",
     FR("{function}() prend une référence de question comme q.x, reçu : {found:operand}")},
    {"questionnaire.expression.call-parenthesis", "expected '(' after {function}: write {function}(q.<question>)",
     FR("attendu : « ( » après {function} : écrire {function}(q.<question>)")},
    {"questionnaire.expression.chained-comparison", "comparisons cannot be chained: join them with 'and' (a < b and b < c)",
     FR("les comparaisons ne s'enchaînent pas : les joindre par « and » (a < b and b < c)")},
    {"questionnaire.expression.control-character", "unexpected control character {byte}",
     FR("caractère de contrôle inattendu : {byte}")},
    {"questionnaire.expression.count-argument", "count() counts the options selected in a multiple-choice question or the rows answered in a matrix; {got:operand} is neither",
     FR("count() compte les options choisies dans une question à choix multiple ou les lignes répondues dans une matrice ; {got:operand} n'est ni l'une ni l'autre")},
    {"questionnaire.expression.decimal-digits", "expected digits after the decimal point",
     FR("attendu : des chiffres après le point décimal")},
    {"questionnaire.expression.different-kinds", "'{operator}' compares values of the same kind, but {left:operand} and {right:operand} differ",
     FR("« {operator} » compare des valeurs de même nature, or {left:operand} et {right:operand} diffèrent")},
    {"questionnaire.expression.different-kinds-option", "'{operator}' compares values of the same kind, but {left:operand} and {right:operand} differ: to test one option, write {example}",
     FR("« {operator} » compare des valeurs de même nature, or {left:operand} et {right:operand} diffèrent : pour tester une option, écrire {example}")},
    {"questionnaire.expression.dimension-dot", "unexpected '.': a dimension is dim.<dimension>",
     FR("« . » inattendu : une dimension s'écrit dim.<dimension>")},
    {"questionnaire.expression.dimension-expected", "expected dim.<dimension>",
     FR("attendu : dim.<dimension>")},
    {"questionnaire.expression.dimension-id", "expected a dimension id after '.': ids are lowercase letters, digits, '_' and '-'",
     FR("attendu : un identifiant de dimension après « . » : un identifiant s'écrit en lettres minuscules, chiffres, « _ » et « - »")},
    {"questionnaire.expression.empty-parentheses", "expected an expression inside '()'",
     FR("attendu : une expression entre « ( » et « ) »")},
    {"questionnaire.expression.end-after-operator", "expected {expected:operand} after '{operator}', found the end",
     FR("attendu : {expected:operand} après « {operator} », reçu : la fin de l'expression")},
    {"questionnaire.expression.exclamation", "'!' is not an operator: write 'not' (or '!=' to compare)",
     FR("« ! » n'est pas un opérateur : écrire « not » (ou « != » pour comparer)")},
    {"questionnaire.expression.expected-condition", "expected a condition (true or false), got {got:operand}",
     FR("attendu : une condition (vraie ou fausse), reçu : {got:operand}")},
    {"questionnaire.expression.expected-condition-hint", "expected a condition (true or false), got {got:operand}; write e.g. {example} or answered({gotRef})",
     FR("attendu : une condition (vraie ou fausse), reçu : {got:operand} ; écrire par exemple {example} ou answered({gotRef})")},
    {"questionnaire.expression.exponent-digits", "expected the digits of an exponent",
     FR("attendu : les chiffres d'un exposant")},
    {"questionnaire.expression.hex-digits", "expected four hexadecimal digits after \\u",
     FR("attendu : quatre chiffres hexadécimaux après \\u")},
    {"questionnaire.expression.high-surrogate", "a high surrogate \\uD800–\\uDBFF must be followed by a low surrogate \\uDC00–\\uDFFF",
     FR("un demi-codet haut \\uD800–\\uDBFF doit être suivi d'un demi-codet bas \\uDC00–\\uDFFF")},
    {"questionnaire.expression.in-boolean", "'in' tests a string or a number, got {got:operand}",
     FR("« in » teste un texte ou un nombre, reçu : {got:operand}")},
    {"questionnaire.expression.in-list", "'in' tests one value, but {ref} is a list: write e.g. 'a' in {ref}",
     FR("« in » teste une seule valeur, or {ref} est une liste : écrire par exemple 'a' in {ref}")},
    {"questionnaire.expression.in-needs-list", "expected a list after 'in' (such as ['a', 'b'] or a multiple-choice question), got {got:operand}",
     FR("attendu : une liste après « in » (comme ['a', 'b'] ou une question à choix multiple), reçu : {got:operand}")},
    {"questionnaire.expression.invalid-utf8", "invalid UTF-8 (byte {byte}): an expression must be UTF-8 text",
     FR("UTF-8 invalide (octet {byte}) : une expression doit être un texte UTF-8")},
    {"questionnaire.expression.keyword-case", "unknown name '{name}': write '{keyword}' in lowercase",
     FR("nom inconnu « {name} » : écrire « {keyword} » en minuscules")},
    {"questionnaire.expression.leading-dot", "a number must start with a digit: write 0{number}…",
     FR("un nombre commence par un chiffre : écrire 0{number}…")},
    {"questionnaire.expression.list-item", "a list holds literal strings or numbers, such as ['a', 'b'] or [1, 2]; found {found:operand}",
     FR("une liste contient des textes ou des nombres écrits tels quels, comme ['a', 'b'] ou [1, 2] ; reçu : {found:operand}")},
    {"questionnaire.expression.list-item-expected", "expected a string or a number in the list",
     FR("attendu : un texte ou un nombre dans la liste")},
    {"questionnaire.expression.list-mixed-number", "a list holds only strings or only numbers: expected a number",
     FR("une liste contient soit des textes, soit des nombres : attendu : un nombre")},
    {"questionnaire.expression.list-mixed-string", "a list holds only strings or only numbers: expected a string",
     FR("une liste contient soit des textes, soit des nombres : attendu : un texte")},
    {"questionnaire.expression.lone-low-surrogate", "a low surrogate \\uDC00–\\uDFFF cannot stand alone",
     FR("un demi-codet bas \\uDC00–\\uDFFF ne peut pas être seul")},
    {"questionnaire.expression.low-surrogate", "expected a low surrogate \\uDC00–\\uDFFF after a high surrogate",
     FR("attendu : un demi-codet bas \\uDC00–\\uDFFF après un demi-codet haut")},
    {"questionnaire.expression.matrix", "{ref} is a matrix: name one of its rows ({ref}.<row>) or use answered({ref}) or count({ref})",
     FR("{ref} est une matrice : nommer l'une de ses lignes ({ref}.<ligne>) ou utiliser answered({ref}) ou count({ref})")},
    {"questionnaire.expression.needs-condition", "'{operator}' needs a condition (true or false), got {got:operand}",
     FR("« {operator} » demande une condition (vraie ou fausse), reçu : {got:operand}")},
    {"questionnaire.expression.needs-condition-hint", "'{operator}' needs a condition (true or false), got {got:operand}; write e.g. {example} or answered({gotRef})",
     FR("« {operator} » demande une condition (vraie ou fausse), reçu : {got:operand} ; écrire par exemple {example} ou answered({gotRef})")},
    {"questionnaire.expression.needs-numbers", "'{operator}' needs numbers, got {got:operand}",
     FR("« {operator} » demande des nombres, reçu : {got:operand}")},
    {"questionnaire.expression.needs-numbers-order", "'{operator}' needs numbers, got {got:operand}: option ids, levels and texts are compared with == , != or in",
     FR("« {operator} » demande des nombres, reçu : {got:operand} : les identifiants d'options, les niveaux et les textes se comparent avec == , != ou in")},
    {"questionnaire.expression.nested-list", "lists cannot be nested",
     FR("une liste ne peut pas contenir de liste")},
    {"questionnaire.expression.nested-too-deeply", "expression nested too deeply: at most {maximum} levels",
     FR("expression trop imbriquée : {maximum} niveaux au plus")},
    {"questionnaire.expression.not-after-operator", "'not' starts a condition and cannot follow an operator here: write (not …) in parentheses",
     FR("« not » commence une condition et ne peut pas suivre un opérateur ici : écrire (not …) entre parenthèses")},
    {"questionnaire.expression.not-in", "'not in' is not an operator: write not (x in [...])",
     FR("« not in » n'est pas un opérateur : écrire not (x in [...])")},
    {"questionnaire.expression.not-matrix", "question '{question}' is not a matrix: it has no rows",
     FR("la question « {question} » n'est pas une matrice : elle n'a pas de lignes")},
    {"questionnaire.expression.number-in-strings", "'in' looks for {left:operand} in {right:operand}: a number is never in a list of strings",
     FR("« in » cherche {left:operand} dans {right:operand} : un nombre n'est jamais dans une liste de textes")},
    {"questionnaire.expression.number-list", "a list of numbers can only follow 'in' (as in q.n in [1, 2, 3])",
     FR("une liste de nombres ne peut que suivre « in » (comme dans q.n in [1, 2, 3])")},
    {"questionnaire.expression.number-too-large", "number too large: {number}",
     FR("nombre trop grand : {number}")},
    {"questionnaire.expression.question-dot", "unexpected '.': a reference is q.<question> or q.<matrix>.<row>",
     FR("« . » inattendu : une référence s'écrit q.<question> ou q.<matrice>.<ligne>")},
    {"questionnaire.expression.question-expected", "expected q.<question>",
     FR("attendu : q.<question>")},
    {"questionnaire.expression.question-id", "expected a question id after '.': ids are lowercase letters, digits, '_' and '-'",
     FR("attendu : un identifiant de question après « . » : un identifiant s'écrit en lettres minuscules, chiffres, « _ » et « - »")},
    {"questionnaire.expression.row-id", "expected a row id after '.': ids are lowercase letters, digits, '_' and '-'",
     FR("attendu : un identifiant de ligne après « . » : un identifiant s'écrit en lettres minuscules, chiffres, « _ » et « - »")},
    {"questionnaire.expression.scores-in-visibility", "{name} is not allowed in a visibility condition: scores depend on which questions are visible",
     FR("{name} n'est pas permis dans une condition de visibilité : les scores dépendent des questions visibles")},
    {"questionnaire.expression.single-equals", "'=' is not an operator: write '==' to compare",
     FR("« = » n'est pas un opérateur : écrire « == » pour comparer")},
    {"questionnaire.expression.string-in-numbers", "'in' looks for {left:operand} in {right:operand}: a string is never in a list of numbers",
     FR("« in » cherche {left:operand} dans {right:operand} : un texte n'est jamais dans une liste de nombres")},
    {"questionnaire.expression.too-long", "expression too long: {length} bytes, at most {maximum}",
     FR("expression trop longue : {length} octets, {maximum} au plus")},
    {"questionnaire.expression.unclosed-call", "expected ')' to close {function}( at column {open}, found {found:operand}",
     FR("attendu : « ) » pour fermer le {function}( de la colonne {open}, reçu : {found:operand}")},
    {"questionnaire.expression.unclosed-list", "expected ',' or ']' in the list opened at column {open}, found {found:operand}",
     FR("attendu : « , » ou « ] » dans la liste ouverte à la colonne {open}, reçu : {found:operand}")},
    {"questionnaire.expression.unclosed-parenthesis", "expected ')' to close the '(' at column {open}, found {found:operand}",
     FR("attendu : « ) » pour fermer la « ( » de la colonne {open}, reçu : {found:operand}")},
    {"questionnaire.expression.unexpected-character", "unexpected character '{character}': expected a value (q.<question>, a number, 'text', a list […], '(') or an operator",
     FR("caractère inattendu « {character} » : attendu : une valeur (q.<question>, un nombre, 'texte', une liste […], « ( ») ou un opérateur")},
    {"questionnaire.expression.unknown-dimension", "unknown dimension '{dimension}'",
     FR("dimension inconnue « {dimension} »")},
    {"questionnaire.expression.unknown-escape", "unknown escape: expected \\\\, \\', \\\", \\/, \\n, \\t, \\r or \\uXXXX",
     FR("échappement inconnu : attendu : \\\\, \\', \\\", \\/, \\n, \\t, \\r ou \\uXXXX")},
    {"questionnaire.expression.unknown-level", "unknown level '{level}'",
     FR("niveau inconnu « {level} »")},
    {"questionnaire.expression.unknown-name", "unknown name '{name}': expected q.<question>, dim.<dimension>, index, level, answered(…), count(…), true, false or null",
     FR("nom inconnu « {name} » : attendu : q.<question>, dim.<dimension>, index, level, answered(…), count(…), true, false ou null")},
    {"questionnaire.expression.unknown-option", "{ref} has no option '{option}': expected one of {allowed} ({count} in all)",
     FR("{ref} n'a pas d'option « {option} » : attendu : l'une de {allowed} ({count} en tout)")},
    {"questionnaire.expression.unknown-question", "unknown question '{question}'",
     FR("question inconnue « {question} »")},
    {"questionnaire.expression.unknown-question-dash", "unknown question '{question}' (ids may contain '-': to subtract from q.{prefix}, put spaces around '-')",
     FR("question inconnue « {question} » (un identifiant peut contenir « - » : pour soustraire de q.{prefix}, entourer « - » d'espaces)")},
    {"questionnaire.expression.unknown-row", "matrix '{question}' has no row '{row}': expected one of {allowed} ({count} in all)",
     FR("la matrice « {question} » n'a pas de ligne « {row} » : attendu : l'une de {allowed} ({count} en tout)")},
    {"questionnaire.expression.unopened-bracket", "unexpected ']': no '[' is open here",
     FR("« ] » inattendu : aucun « [ » n'est ouvert ici")},
    {"questionnaire.expression.unopened-parenthesis", "unexpected ')': no '(' is open here",
     FR("« ) » inattendue : aucune « ( » n'est ouverte ici")},
    {"questionnaire.expression.unterminated-string", "unterminated string: expected a closing {quote}",
     FR("texte non terminé : attendu : un {quote} fermant")},
    {"questionnaire.expression.value-before", "expected a value before '{word}'",
     FR("attendu : une valeur avant « {word} »")},
    {"questionnaire.expression.value-expected", "expected a value (q.<question>, dim.<dimension>, a number, 'text', a list, '(' …), found {found:operand}",
     FR("attendu : une valeur (q.<question>, dim.<dimension>, un nombre, 'texte', une liste, « ( » …), reçu : {found:operand}")},
    {"questionnaire.expression.value-expected-end", "expected a value (q.<question>, a number, 'text', a list, '(' …), found the end",
     FR("attendu : une valeur (q.<question>, un nombre, 'texte', une liste, « ( » …), reçu : la fin de l'expression")},
    {"questionnaire.expression.word-dot", "unexpected '.' after '{word}': only q.<question> and dim.<dimension> have one",
     FR("« . » inattendu après « {word} » : seuls q.<question> et dim.<dimension> en ont un")},
#endif
    {"questionnaire.first-level-min", "the first level must start at 0", FR("le premier niveau doit commencer à 0")},
    {"questionnaire.invalid-id", "expected an id matching ^[a-z0-9][a-z0-9_-]{0,63}$, got \"{id}\"", FR("attendu : un identifiant de la forme ^[a-z0-9][a-z0-9_-]{0,63}$, reçu : « {id} »")},
    {"questionnaire.invalid-language", "expected a language tag such as \"fr\" or \"en\", got \"{language}\"", FR("attendu : une étiquette de langue comme « fr » ou « en », reçu : « {language} »")},
    {"questionnaire.level-min-order", "levels must be listed by strictly increasing min", FR("les niveaux doivent être rangés par min strictement croissant")},
    {"questionnaire.level-min-too-high", "must be below 100", FR("doit être inférieur à 100")},
    {"questionnaire.max-length-range", "must be between 1 and 20000", FR("doit être compris entre 1 et 20000")},
    {"questionnaire.max-not-above-min", "must be greater than min", FR("doit être supérieur à min")},
    {"questionnaire.max-selected-options", "must not exceed the number of options ({count})", FR("ne doit pas dépasser le nombre d'options ({count})")},
    {"questionnaire.min-answered-range", "must be between 0 and 1", FR("doit être compris entre 0 et 1")},
    {"questionnaire.min-selected-max", "must not exceed maxSelected", FR("ne doit pas dépasser maxSelected")},
    {"questionnaire.missing-level-map", "missing: every option except dontKnow needs a level", FR("manquant : chaque option, sauf dontKnow, doit avoir un niveau")},
    {"questionnaire.missing-options", "missing required member \"options\" for a \"{type}\" question", FR("membre obligatoire « options » manquant pour une question « {type} »")},
    {"questionnaire.missing-recommendation", "missing recommendation for dimension \"{dimension}\" at level \"{level}\"", FR("recommandation manquante pour la dimension « {dimension} » au niveau « {level} »")},
    {"questionnaire.missing-rows", "missing required member \"rows\" for a \"matrix\" question", FR("membre obligatoire « rows » manquant pour une question « matrix »")},
    {"questionnaire.missing-translation", "missing translation \"{language}\"", FR("traduction « {language} » manquante")},
    {"questionnaire.missing-value", "missing value: every option of a scored question needs one (except dontKnow)", FR("valeur manquante : chaque option d'une question notée en a une (sauf dontKnow)")},
    {"questionnaire.negative", "must not be negative", FR("ne doit pas être négatif")},
    {"questionnaire.no-dimensions", "expected an array of at least 1 dimension", FR("attendu : un tableau d'au moins 1 dimension")},
    {"questionnaire.no-languages", "expected an array of at least 1 language", FR("attendu : un tableau d'au moins 1 langue")},
    {"questionnaire.no-levels", "expected an array of at least 1 level", FR("attendu : un tableau d'au moins 1 niveau")},
    {"questionnaire.no-positive-value", "a scored multiple question needs at least one positive option value", FR("une question « multiple » notée a besoin d'au moins une option de valeur positive")},
    {"questionnaire.no-questions", "expected an array of at least 1 question", FR("attendu : un tableau d'au moins 1 question")},
    {"questionnaire.no-rows", "expected an array of at least 1 row", FR("attendu : un tableau d'au moins 1 ligne")},
    {"questionnaire.no-sections", "expected an array of at least 1 section", FR("attendu : un tableau d'au moins 1 section")},
    {"questionnaire.not-allowed", "not allowed in a \"{type}\" question", FR("non permis dans une question « {type} »")},
    {"questionnaire.not-object", "expected a questionnaire object, got {got:kind}", FR("attendu : un objet questionnaire, reçu : {got:kind}")},
    {"questionnaire.not-positive", "must be greater than 0", FR("doit être supérieur à 0")},
    {"questionnaire.required-when-scored", "required when the question is scored", FR("obligatoire quand la question est notée")},
    {"questionnaire.row-no-dimension", "no dimension: give one here or in the question's scoring", FR("aucune dimension : en donner une ici ou dans le scoring de la question")},
    {"questionnaire.row-too-few-values", "a scored row needs at least two distinct option values", FR("une ligne notée a besoin d'au moins deux valeurs d'options distinctes")},
    {"questionnaire.text-scored", "a text question is never scored", FR("une question « text » n'est jamais notée")},
    {"questionnaire.too-few-options", "expected an array of at least 2 options", FR("attendu : un tableau d'au moins 2 options")},
    {"questionnaire.too-few-values", "a scored question needs at least two distinct option values", FR("une question notée a besoin d'au moins deux valeurs d'options distinctes")},
    {"questionnaire.undeclared-language", "language \"{language}\" is not declared in /languages", FR("la langue « {language} » n'est pas déclarée dans /languages")},
    {"questionnaire.unknown-dimension", "unknown dimension \"{dimension}\"", FR("dimension inconnue « {dimension} »")},
    {"questionnaire.unknown-level", "unknown level \"{level}\"", FR("niveau inconnu « {level} »")},
    {"questionnaire.unknown-option", "unknown option \"{option}\" of question \"{question}\"", FR("option inconnue « {option} » pour la question « {question} »")},
    {"questionnaire.unknown-question", "unknown question \"{question}\"", FR("question inconnue « {question} »")},
    {"questionnaire.unknown-row", "unknown row \"{row}\" of question \"{question}\"", FR("ligne inconnue « {row} » pour la question « {question} »")},
    {"questionnaire.unused-dimension", "no question or row scores this dimension", FR("aucune question ni ligne ne note cette dimension")},
    {"questionnaire.weight-too-large", "must be at most 1000000", FR("doit valoir au plus 1000000")},
    {"questionnaire.wrong-format", "expected \"{expected}\", got \"{got}\"", FR("attendu : « {expected} », reçu : « {got} »")},
    {"questionnaire.year", "expected a four-digit year", FR("attendu : une année à quatre chiffres")},
    // The caller's request.
    {"request.language-not-offered", "language \"{language}\" is not offered by this questionnaire ({offered})", FR("la langue « {language} » n'est pas proposée par ce questionnaire ({offered})")},
};

// The words a {name:kind} placeholder stands for.
struct Word {
  const char* key;
  const char* en;
  const char* fr;
};
constexpr Word kinds[] = {
    {"array", "an array", FR("un tableau")},     {"boolean", "a boolean", FR("un booléen")},
    {"integer", "an integer", FR("un entier")},  {"null", "null", FR("null")},
    {"number", "a number", FR("un nombre")},     {"object", "an object", FR("un objet")},
    {"string", "a string", FR("une chaîne de caractères")},
};

// What a {name:found} placeholder writes, {value} standing for the param: at the end of the text
// (""), a control character ("U+0009"), a byte that is not UTF-8 ("0xFF"), any other character.
constexpr Word found_words[] = {
    {"end", "the end of the text", FR("la fin du texte")},
    {"control", "the control character {value}", FR("le caractère de contrôle {value}")},
    {"byte", "the byte {value} (not UTF-8)", FR("l'octet {value} (pas de l'UTF-8)")},
    {"char", "'{value}'", FR("'{value}'")},
};

// What a {name:operand} placeholder writes: the words of what an expression holds where it is
// wrong (an operand, a token), {ref} standing for the param `<name>Ref` (how it is written: q.x, 3).
constexpr Word operands[] = {
    {"condition", "a condition", FR("une condition")},
    {"end", "the end of the expression", FR("la fin de l'expression")},
    {"level", "{ref}, a level id", FR("{ref}, un identifiant de niveau")},
    {"list-empty", "an empty list", FR("une liste vide")},
    {"list-numbers", "a list of numbers", FR("une liste de nombres")},
    {"list-strings", "a list of strings", FR("une liste de textes")},
    {"matrix", "{ref}, a matrix", FR("{ref}, une matrice")},
    {"number", "a number", FR("un nombre")},
    {"number-literal", "the number {ref}", FR("le nombre {ref}")},
    {"number-ref", "{ref}, a number", FR("{ref}, un nombre")},
    {"option", "{ref}, an option id", FR("{ref}, un identifiant d'option")},
    {"options", "{ref}, a list of option ids", FR("{ref}, une liste d'identifiants d'options")},
    {"string-literal", "the string {ref}", FR("le texte {ref}")},
    {"symbol", "'{ref}'", FR("« {ref} »")},
    {"text", "{ref}, a text", FR("{ref}, un texte")},
    {"value", "a value", FR("une valeur")},
    {"written", "{ref}", FR("{ref}")},
};

// Written before the template of a code of the group `key` when the params fill every placeholder
// of the prefix: where a JSON syntax error is (json.* with a line), the column in an expression.
constexpr Word prefixes[] = {
    {"json", "invalid JSON: parse error at line {line}, column {column}: ",
     FR("JSON invalide : erreur à la ligne {line}, colonne {column} : ")},
    {"questionnaire.expression", "column {column}: ", FR("colonne {column} : ")},
};

/// French when asked for and this build has it.
bool french(std::string_view lang) {
  return lang.substr(0, 2) == "fr" && (lang.size() == 2 || lang[2] == '-') && FR("x")[0] != '\0';
}

const char* word(const Word& w, bool fr) { return fr ? w.fr : w.en; }

const MessageTemplate* find(std::string_view code) {
  const auto* end = std::end(catalog);
  const auto* it = std::lower_bound(std::begin(catalog), end, code,
                                    [](const MessageTemplate& m, std::string_view c) { return std::string_view(m.code) < c; });
  return it != end && it->code == code ? it : nullptr;
}

bool name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/// Appends `text` with "{value}" (`key`) in it replaced by `value`, or as it stands without a value.
void with_value(std::string& out, std::string_view text, std::string_view key, const std::string* value) {
  const auto at = value ? text.find(key) : std::string_view::npos;
  if (at == std::string_view::npos) {
    out += text;
    return;
  }
  out.append(text.substr(0, at));
  out += *value;
  out.append(text.substr(at + key.size()));
}

void formatted(std::string& out, std::string_view name, std::string_view format, const std::string& value, const Params& params, bool fr) {
  if (format == "operand") {
    for (const auto& w : operands)
      if (value == w.key) {
        const auto ref = params.find(std::string(name) + "Ref");
        with_value(out, word(w, fr), "{ref}", ref == params.end() ? nullptr : &ref->second);
        return;
      }
  } else if (format == "kind") {
    for (const auto& w : kinds)
      if (value == w.key) {
        out += word(w, fr);
        return;
      }
  } else if (format == "number" && fr) {
    for (char c : value) out += c == '.' ? ',' : c;
    return;
  } else if (format == "found") {
    const Word& w = value.empty() ? found_words[0]
                    : value.rfind("U+", 0) == 0 ? found_words[1]
                    : value.rfind("0x", 0) == 0 ? found_words[2]
                                                : found_words[3];
    with_value(out, word(w, fr), "{value}", &value);
    return;
  }
  out += value;
}

}  // namespace

std::string catalog_json() {
  std::string out = "{";
  for (const bool fr : {true, false}) {
    out += fr ? "\"fr\":{\"templates\":{" : ",\"en\":{\"templates\":{";
    const char* sep = "";
    for (const auto& m : catalog) {
      // The aggregate's notes are written by the core in the aggregate's language: no wasm of the
      // widget reports them, so the widget's French catalog leaves them out.
      if (std::string_view(m.code).rfind("crossed.", 0) == 0) continue;
      out += sep;
      write_string(out, m.code);
      out += ':';
      write_string(out, fr ? m.fr : m.en);
      sep = ",";
    }
    auto words = [&](const char* name, const auto& list) {
      out += "},\"";
      out += name;
      out += "\":{";
      const char* comma = "";
      for (const auto& w : list) {
        out += comma;
        write_string(out, w.key);
        out += ':';
        write_string(out, word(w, fr));
        comma = ",";
      }
    };
    words("kinds", kinds);
    words("found", found_words);
    words("operands", operands);
    words("prefixes", prefixes);
    out += "}}";
  }
  out += '}';
  return out;
}

const MessageTemplate* message_catalog(std::size_t& count) {
  count = std::size(catalog);
  return catalog;
}

const char* message_template(std::string_view code, std::string_view lang) {
  const auto* m = find(code);
  return m ? (french(lang) ? m->fr : m->en) : nullptr;
}

namespace {

/// Appends `text` with its placeholders filled from `params`. (Unused where a message is its code: CATALYSE_MESSAGES_NONE.)
[[maybe_unused]] void fill_template(std::string& out, std::string_view text, const Params& params, bool fr) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c != '{') {
      out += c;
      ++i;
      continue;
    }
    // {name} or {name:format}; anything else is text.
    std::size_t j = i + 1;
    while (j < text.size() && name_char(text[j])) ++j;
    std::size_t name_end = j, format_begin = j;
    if (j < text.size() && text[j] == ':') {
      format_begin = ++j;
      while (j < text.size() && name_char(text[j])) ++j;
    }
    if (name_end == i + 1 || j >= text.size() || text[j] != '}') {
      out += c;
      ++i;
      continue;
    }
    const std::string name(text.substr(i + 1, name_end - i - 1));
    auto p = params.find(name);
    if (p == params.end()) out.append(text.data() + i, j + 1 - i);  // left as it stands
    else formatted(out, name, format_begin == name_end ? std::string_view() : text.substr(format_begin, j - format_begin), p->second, params, fr);
    i = j + 1;
  }
}

/// True when `params` has a value for every placeholder of `text`.
[[maybe_unused]] bool fills(std::string_view text, const Params& params) {
  for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    std::size_t end = open + 1;
    while (end < text.size() && name_char(text[end])) ++end;
    if (end > open + 1 && end < text.size() && text[end] == '}' && !params.count(std::string(text.substr(open + 1, end - open - 1))))
      return false;
  }
  return true;
}

}  // namespace

std::string message(std::string_view code, const Params& params, std::string_view lang) {
#if defined(CATALYSE_MESSAGES_NONE)
  (void)params;
  (void)lang;
  return std::string(code);
#else
  const char* t = message_template(code, lang);
  if (!t) return std::string(code);
  const bool fr = french(lang);
  std::string out;
  // A JSON syntax error and an expression's error say where first; their templates hold the rest.
  for (const auto& prefix : prefixes) {
    const std::string_view key = prefix.key;
    if (code.size() > key.size() && code.substr(0, key.size()) == key && code[key.size()] == '.' && fills(prefix.en, params))
      fill_template(out, word(prefix, fr), params, fr);
  }
  fill_template(out, t, params, fr);
  return out;
#endif
}

Issue make_issue(std::string path, std::string_view code, const Param* params, std::size_t count) {
  Issue issue{std::move(path), std::string(code), {}, {}};
  for (std::size_t i = 0; i < count; ++i) issue.params.emplace(params[i].name, params[i].value);
  issue.message = message(issue.code, issue.params, "en");
  return issue;
}

void localise_issues(Issues& issues, std::string_view lang) {
  for (auto& issue : issues) issue.message = message(issue.code, issue.params, lang);
}

}  // namespace catalyse
