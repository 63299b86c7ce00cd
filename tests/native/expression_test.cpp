// The expression language (docs/FORMAT.md §5): what each construct means, what is refused at
// load time and where (1-based column), and that no input crashes, overflows or hangs.
#include <catalyse/expression.hpp>
#include <catalyse/json.hpp>
#include <catalyse/messages.hpp>

#include <doctest/doctest.h>

#include <limits>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>

using namespace catalyse::expr;

namespace {

// A small questionnaire's worth of references.
struct TestSchema {
  std::map<std::string, Schema::Question, std::less<>> questions{
      {"statut", {catalyse::QuestionType::single, {"asso", "collectivite", "entreprise", "nsp"}, {}}},
      {"echelle", {catalyse::QuestionType::scale, {"faible", "moyen", "fort"}, {}}},
      {"acteurs", {catalyse::QuestionType::multiple, {"public", "prive", "asso", "citoyens"}, {}}},
      {"enjeux", {catalyse::QuestionType::matrix, {"prioritaire", "tres", "peu"}, {"numerique", "competences"}}},
      {"budget", {catalyse::QuestionType::number, {}, {}}},
      {"taille", {catalyse::QuestionType::number, {}, {}}},
      {"taille-equipe", {catalyse::QuestionType::number, {}, {}}},
      {"nom", {catalyse::QuestionType::text, {}, {}}},
  };
  std::set<std::string, std::less<>> dimensions{"action", "impacts"};
  std::set<std::string, std::less<>> levels{"amorce", "emergence", "essor", "ancrage"};

  Schema schema(bool allow_scores = true, bool require_condition = true) const {
    Schema s;
    s.question = [this](std::string_view id) -> const Schema::Question* {
      auto it = questions.find(id);
      return it == questions.end() ? nullptr : &it->second;
    };
    s.dimension = [this](std::string_view id) { return dimensions.count(id) > 0; };
    s.level = [this](std::string_view id) { return levels.count(id) > 0; };
    s.allow_scores = allow_scores;
    s.require_condition = require_condition;
    return s;
  }
};

// Answers keyed "question" or "matrix/row"; absent = Null.
struct TestEnv : Env {
  std::map<std::string, Value> answers;
  std::map<std::string, Value> dims;
  Value index_value = Null{};
  Value level_value = Null{};
  mutable int reads = 0;

  Value answer(std::string_view question, std::optional<std::string_view> row) const override {
    ++reads;
    std::string key(question);
    if (row) key += "/" + std::string(*row);
    auto it = answers.find(key);
    return it == answers.end() ? Value{Null{}} : it->second;
  }
  Value dimension(std::string_view id) const override {
    auto it = dims.find(std::string(id));
    return it == dims.end() ? Value{Null{}} : it->second;
  }
  Value index() const override { return index_value; }
  Value level() const override { return level_value; }
};

const TestSchema test_schema;

// The respondent used by most tests.
TestEnv respondent() {
  TestEnv env;
  env.answers["statut"] = std::string("asso");
  env.answers["echelle"] = std::string("moyen");
  env.answers["acteurs"] = List{"public", "citoyens"};
  env.answers["enjeux/numerique"] = std::string("prioritaire");
  env.answers["budget"] = 12.5;
  env.answers["taille"] = 4.0;
  env.answers["nom"] = std::string("Tiers-lieu");
  env.dims["action"] = 62.5;
  env.index_value = 58.0;
  env.level_value = std::string("essor");
  return env;
}

Expression parsed(std::string_view source, const Schema& schema) {
  auto r = Expression::parse(source, schema);
  if (const auto* e = std::get_if<Error>(&r)) FAIL_CHECK("parse failed: " << source << " → column " << e->column << ": " << e->message);
  REQUIRE(std::holds_alternative<Expression>(r));
  return std::get<Expression>(r);
}

// Any value (arithmetic included): the schema does not require a condition.
std::string value(std::string_view source, const TestEnv& env = respondent()) {
  return to_string(parsed(source, test_schema.schema(true, false)).evaluate(env));
}

// A condition, as visibleIf / when use it.
bool holds(std::string_view source, const TestEnv& env = respondent()) {
  return parsed(source, test_schema.schema()).test(env);
}

Error error(std::string_view source, const Schema& schema) {
  auto r = Expression::parse(source, schema);
  if (std::holds_alternative<Expression>(r)) FAIL_CHECK("expected an error for: " << source);
  REQUIRE(std::holds_alternative<Error>(r));
  return std::get<Error>(r);
}
Error error(std::string_view source) { return error(source, test_schema.schema()); }

// An error at `column` whose message contains `part`.
void check_error(std::string_view source, std::size_t column, std::string_view part) {
  CAPTURE(source);
  const Error e = error(source);
  CAPTURE(e.message);
  CHECK(e.column == column);
  CHECK(e.message.find(part) != std::string::npos);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Literals

TEST_CASE("literals: numbers, strings, booleans, null and lists") {
  SUBCASE("numbers") {
    CHECK(value("3") == "3");
    CHECK(value("2.5") == "2.5");
    CHECK(value("0.125") == "0.125");
    CHECK(value("1e3") == "1000");
    CHECK(value("25E-1") == "2.5");
    CHECK(value("007") == "7");
  }
  SUBCASE("strings in single or double quotes") {
    CHECK(value("'abc'") == "'abc'");
    CHECK(value("\"abc\"") == "'abc'");
    CHECK(value("''") == "''");
    CHECK(value("'Évaluer l’impact'") == "'Évaluer l’impact'");
  }
  SUBCASE("booleans and null") {
    CHECK(value("true") == "true");
    CHECK(value("false") == "false");
    CHECK(value("null") == "null");
  }
  SUBCASE("lists of strings") {
    CHECK(value("['a', \"b\"]") == "['a', 'b']");
    CHECK(value("[]") == "[]");
    CHECK(value("[ 'x' ]") == "['x']");
  }
}

TEST_CASE("string escapes") {
  SUBCASE("quotes and backslash") {
    CHECK(value(R"('l\'impact')") == R"('l\'impact')");
    CHECK(to_string(parsed(R"("say \"hi\"")", test_schema.schema(true, false)).evaluate(respondent())) == "'say \"hi\"'");
    CHECK(holds(R"('a\\b' == "a\\b")"));
    CHECK(holds(R"('it\'s' == "it's")"));
  }
  SUBCASE("control characters and slash") {
    CHECK(holds(R"('\n' != '\t')"));
    CHECK(holds(R"('a\/b' == 'a/b')"));
    CHECK(holds("'\\r' == '\r'"));
  }
  SUBCASE("unicode escapes, with surrogate pairs") {
    CHECK(holds(R"('\u00e9' == 'é')"));
    CHECK(holds(R"('\u00E9t\u00e9' == 'été')"));
    CHECK(holds(R"('\ud83d\ude00' == '😀')"));
    CHECK(holds(R"('\uD83D\uDE00\u0041' == '😀A')"));
  }
  SUBCASE("a wrong unicode escape is an error at the escape at fault") {
    // columns: q.nom == '\u… puts the first backslash at 11, a second escape's at 17
    check_error(R"(q.nom == 'a\u12')", 12, "hexadecimal digits");
    check_error(R"(q.nom == '\ud83d')", 11, "must be followed by a low surrogate");
    check_error(R"(q.nom == '\ud83dx')", 11, "must be followed by a low surrogate");
    check_error(R"(q.nom == '\ude00')", 11, "cannot stand alone");
    check_error(R"(q.nom == '\ud83d\u0041')", 17, "expected a low surrogate");
    check_error(R"(q.nom == '\ud83d\u00g1')", 17, "hexadecimal digits");
  }
}

// ---------------------------------------------------------------------------------------------
// References

TEST_CASE("references read the answers, scores, index and level") {
  const TestEnv env = respondent();
  SUBCASE("single and scale: the option id") {
    CHECK(value("q.statut", env) == "'asso'");
    CHECK(value("q.echelle", env) == "'moyen'");
  }
  SUBCASE("multiple: the list of option ids") { CHECK(value("q.acteurs", env) == "['public', 'citoyens']"); }
  SUBCASE("matrix row: the row's option id") {
    CHECK(value("q.enjeux.numerique", env) == "'prioritaire'");
    CHECK(value("q.enjeux.competences", env) == "null");
  }
  SUBCASE("number and text") {
    CHECK(value("q.budget", env) == "12.5");
    CHECK(value("q.nom", env) == "'Tiers-lieu'");
  }
  SUBCASE("ids with '-' and digits") {
    TestEnv e = env;
    e.answers["taille-equipe"] = 3.0;
    CHECK(value("q.taille-equipe", e) == "3");
    CHECK(value("q.taille - 1", e) == "3");
  }
  SUBCASE("dimension, index and level") {
    CHECK(value("dim.action", env) == "62.5");
    CHECK(value("dim.impacts", env) == "null");
    CHECK(value("index", env) == "58");
    CHECK(value("level", env) == "'essor'");
  }
  SUBCASE("unanswered is null") {
    TestEnv empty;
    CHECK(value("q.statut", empty) == "null");
    CHECK(value("q.acteurs", empty) == "null");
    CHECK(value("index", empty) == "null");
    CHECK(value("level", empty) == "null");
  }
}

TEST_CASE("questions() lists each referenced question once, in order of appearance") {
  const Expression e = parsed(
      "q.statut == 'asso' or 'public' in q.acteurs and q.statut != 'nsp' or answered(q.enjeux) or q.enjeux.numerique == 'peu'",
      test_schema.schema());
  CHECK(e.questions() == std::vector<std::string>{"statut", "acteurs", "enjeux"});
  CHECK(parsed("dim.action > 50", test_schema.schema()).questions().empty());
  CHECK(e.source().rfind("q.statut", 0) == 0);
}

// ---------------------------------------------------------------------------------------------
// Operators

TEST_CASE("logical operators: or, and, not") {
  SUBCASE("or") {
    CHECK(holds("true or false"));
    CHECK(holds("false or true"));
    CHECK_FALSE(holds("false or false"));
    CHECK(holds("false or false or true"));
  }
  SUBCASE("and") {
    CHECK(holds("true and true"));
    CHECK_FALSE(holds("true and false"));
    CHECK_FALSE(holds("false and true"));
    CHECK_FALSE(holds("true and true and false"));
  }
  SUBCASE("not") {
    CHECK(holds("not false"));
    CHECK_FALSE(holds("not true"));
    CHECK(holds("not not true"));
  }
  SUBCASE("and / or stop at the first deciding operand") {
    TestEnv env = respondent();
    env.reads = 0;
    CHECK_FALSE(holds("false and q.statut == 'asso'", env));
    CHECK(env.reads == 0);
    CHECK(holds("true or q.statut == 'asso'", env));
    CHECK(env.reads == 0);
    CHECK(holds("false or q.statut == 'asso'", env));
    CHECK(env.reads == 1);
  }
}

TEST_CASE("comparisons: == != < <= > >=") {
  SUBCASE("==") {
    CHECK(holds("q.statut == 'asso'"));
    CHECK_FALSE(holds("q.statut == 'entreprise'"));
    CHECK(holds("q.budget == 12.5"));
    CHECK(holds("'asso' == q.statut"));
    CHECK(holds("true == (1 < 2)"));
    CHECK(holds("level == 'essor'"));
    CHECK(holds("q.nom == 'Tiers-lieu'"));
  }
  SUBCASE("!=") {
    CHECK(holds("q.statut != 'entreprise'"));
    CHECK_FALSE(holds("q.statut != 'asso'"));
    CHECK(holds("q.budget != 3"));
    CHECK(holds("level != 'ancrage'"));
  }
  SUBCASE("<") {
    CHECK(holds("q.budget < 13"));
    CHECK_FALSE(holds("q.budget < 12.5"));
  }
  SUBCASE("<=") {
    CHECK(holds("q.budget <= 12.5"));
    CHECK_FALSE(holds("q.budget <= 12"));
  }
  SUBCASE(">") {
    CHECK(holds("dim.action > 50"));
    CHECK_FALSE(holds("dim.action > 62.5"));
  }
  SUBCASE(">=") {
    CHECK(holds("index >= 58"));
    CHECK_FALSE(holds("index >= 58.01"));
  }
  SUBCASE("two answers of the same kind") {
    TestEnv env = respondent();
    env.answers["enjeux/competences"] = std::string("prioritaire");
    CHECK(holds("q.enjeux.numerique == q.enjeux.competences", env));
    CHECK(holds("q.taille < q.budget", env));
  }
  SUBCASE("lists compare as sets of option ids") {
    CHECK(holds("q.acteurs == ['citoyens', 'public']"));
    CHECK(holds("q.acteurs == ['public', 'citoyens']"));
    CHECK_FALSE(holds("q.acteurs == ['public']"));
    CHECK(holds("q.acteurs != ['public']"));
  }
}

TEST_CASE("membership: in") {
  SUBCASE("a value in a list of strings") {
    CHECK(holds("q.statut in ['asso', 'collectivite']"));
    CHECK_FALSE(holds("q.statut in ['entreprise', 'collectivite']"));
    CHECK(holds("level in ['essor', 'ancrage']"));
  }
  SUBCASE("a number in a list of numbers") {
    CHECK(holds("q.taille in [1, 2, 4]"));
    CHECK_FALSE(holds("q.taille in [1, 2, 3]"));
    CHECK(holds("-1 in [-1, 0]"));
  }
  SUBCASE("an option selected in a multiple-choice answer") {
    CHECK(holds("'public' in q.acteurs"));
    CHECK_FALSE(holds("'prive' in q.acteurs"));
    CHECK(holds("q.statut in q.acteurs or true"));
  }
  SUBCASE("nothing is in an empty list") {
    CHECK_FALSE(holds("q.statut in []"));
    CHECK_FALSE(holds("3 in []"));
  }
}

TEST_CASE("arithmetic: + - * / and unary minus") {
  SUBCASE("+") {
    CHECK(value("1 + 2") == "3");
    CHECK(value("q.budget + q.taille") == "16.5");
  }
  SUBCASE("-") {
    CHECK(value("10 - 4") == "6");
    CHECK(value("dim.action - 12.5") == "50");
  }
  SUBCASE("*") { CHECK(value("q.taille * 2.5") == "10"); }
  SUBCASE("/") {
    CHECK(value("7 / 2") == "3.5");
    CHECK(value("index / 100") == "0.58");
  }
  SUBCASE("unary minus") {
    CHECK(value("-3") == "-3");
    CHECK(value("-q.taille") == "-4");
    CHECK(value("--3") == "3");
    CHECK(value("- (1 + 2)") == "-3");
  }
  SUBCASE("count() and arithmetic mix") { CHECK(value("count(q.acteurs) * 10") == "20"); }
}

TEST_CASE("precedence: or < and < not < comparisons < + - < * / < unary minus < parentheses") {
  SUBCASE("* before +") {
    CHECK(value("1 + 2 * 3") == "7");
    CHECK(value("(1 + 2) * 3") == "9");
    CHECK(value("8 - 6 / 2") == "5");
  }
  SUBCASE("left to right within a level") {
    CHECK(value("1 - 2 - 3") == "-4");
    CHECK(value("8 / 4 / 2") == "1");
    CHECK(value("2 * 3 / 4") == "1.5");
  }
  SUBCASE("unary minus binds tighter than *") {
    CHECK(value("-2 * 3") == "-6");
    CHECK(value("2 * -3") == "-6");
    CHECK(value("-(2 - 5)") == "3");
  }
  SUBCASE("arithmetic before comparison") {
    CHECK(holds("1 + 2 == 3"));
    CHECK(holds("q.budget - 2.5 > q.taille * 2"));
  }
  SUBCASE("comparison before not") {
    CHECK(holds("not q.statut == 'entreprise'"));
    CHECK_FALSE(holds("not 'public' in q.acteurs"));
  }
  SUBCASE("not before and") {
    CHECK_FALSE(holds("not true and false"));  // (not true) and false
    CHECK(holds("not (true and false)"));
  }
  SUBCASE("and before or") {
    CHECK(holds("true or true and false"));   // true or (true and false)
    CHECK_FALSE(holds("(true or true) and false"));
    CHECK(holds("false and false or true"));  // (false and false) or true
  }
}

// ---------------------------------------------------------------------------------------------
// Null semantics

TEST_CASE("null: comparisons and in are false, arithmetic is null, null is false for and/or/not") {
  TestEnv empty;
  SUBCASE("comparisons with null are false, != included") {
    CHECK_FALSE(holds("q.statut == 'asso'", empty));
    CHECK_FALSE(holds("q.statut != 'asso'", empty));
    CHECK_FALSE(holds("q.budget < 1", empty));
    CHECK_FALSE(holds("q.budget <= 1", empty));
    CHECK_FALSE(holds("q.budget > 1", empty));
    CHECK_FALSE(holds("q.budget >= 1", empty));
    CHECK_FALSE(holds("null == null", empty));
    CHECK_FALSE(holds("null != null", empty));
    CHECK_FALSE(holds("q.statut == null", respondent()));
    CHECK_FALSE(holds("dim.impacts > 0", respondent()));
  }
  SUBCASE("in with null is false") {
    CHECK_FALSE(holds("q.statut in ['asso']", empty));
    CHECK_FALSE(holds("'public' in q.acteurs", empty));
    CHECK_FALSE(holds("null in ['a']", empty));
    CHECK_FALSE(holds("'a' in null", empty));
  }
  SUBCASE("arithmetic with null is null") {
    CHECK(value("q.budget + 1", empty) == "null");
    CHECK(value("1 - q.budget", empty) == "null");
    CHECK(value("q.budget * 0", empty) == "null");
    CHECK(value("0 / q.budget", empty) == "null");
    CHECK(value("-q.budget", empty) == "null");
    CHECK(value("null + 1", empty) == "null");
  }
  SUBCASE("null is false for and, or, not") {
    CHECK_FALSE(holds("null and true", empty));
    CHECK(holds("null or true", empty));
    CHECK_FALSE(holds("null or false", empty));
    CHECK(holds("not null", empty));
    CHECK(holds("not (q.budget > 3)", empty));
  }
  SUBCASE("a don't-know answer reads as null (the Env says so)") {
    TestEnv env = respondent();
    env.answers.erase("statut");  // dontKnow: the core hands Null over
    CHECK_FALSE(holds("q.statut == 'nsp'", env));
    CHECK_FALSE(holds("answered(q.statut)", env));
  }
  SUBCASE("a condition that is null tests false") {
    CHECK_FALSE(parsed("null", test_schema.schema(true, false)).test(empty));
    CHECK_FALSE(Expression().test(empty));
    CHECK(to_string(Expression().evaluate(empty)) == "null");
  }
}

TEST_CASE("division by zero and overflow give null, never inf or NaN") {
  SUBCASE("division by zero") {
    CHECK(value("1 / 0") == "null");
    CHECK(value("0 / 0") == "null");
    CHECK(value("-1 / (2 - 2)") == "null");
    CHECK_FALSE(holds("1 / 0 > 0"));
    CHECK_FALSE(holds("1 / 0 <= 0"));
  }
  SUBCASE("overflow") {
    CHECK(value("1e308 * 10") == "null");
    CHECK(value("-1e308 - 1e308") == "null");
    CHECK(value("1e308 + 1e308") == "null");
    CHECK(value("1e308 / 1e-308") == "null");
  }
  SUBCASE("non-finite numbers handed in by the environment read as null") {
    TestEnv env = respondent();
    env.dims["action"] = std::numeric_limits<double>::infinity();
    env.answers["budget"] = std::numeric_limits<double>::quiet_NaN();
    env.index_value = -std::numeric_limits<double>::infinity();
    CHECK(value("dim.action", env) == "null");
    CHECK(value("q.budget", env) == "null");
    CHECK(value("index + 1", env) == "null");
  }
  SUBCASE("small numbers stay finite") { CHECK(value("1e-300 * 1e-300") == "0"); }
}

// ---------------------------------------------------------------------------------------------
// Functions

TEST_CASE("answered(ref): answered and not don't know") {
  TestEnv env = respondent();
  SUBCASE("single, number, text") {
    CHECK(holds("answered(q.statut)", env));
    CHECK(holds("answered(q.budget)", env));
    CHECK(holds("answered(q.nom)", env));
    env.answers["nom"] = std::string();
    CHECK_FALSE(holds("answered(q.nom)", env));
    CHECK_FALSE(holds("answered(q.echelle)", TestEnv{}));
  }
  SUBCASE("multiple: at least one option") {
    CHECK(holds("answered(q.acteurs)", env));
    env.answers["acteurs"] = List{};
    CHECK_FALSE(holds("answered(q.acteurs)", env));
  }
  SUBCASE("matrix row and whole matrix (any row)") {
    CHECK(holds("answered(q.enjeux.numerique)", env));
    CHECK_FALSE(holds("answered(q.enjeux.competences)", env));
    CHECK(holds("answered(q.enjeux)", env));
    CHECK_FALSE(holds("answered(q.enjeux)", TestEnv{}));
  }
  SUBCASE("combined with not") { CHECK(holds("not answered(q.enjeux.competences)", env)); }
}

TEST_CASE("count(ref): selected options of a multiple, answered rows of a matrix") {
  TestEnv env = respondent();
  CHECK(value("count(q.acteurs)", env) == "2");
  CHECK(value("count(q.enjeux)", env) == "1");
  env.answers["enjeux/competences"] = std::string("peu");
  CHECK(value("count(q.enjeux)", env) == "2");
  CHECK(value("count(q.acteurs)", TestEnv{}) == "0");
  CHECK(value("count(q.enjeux)", TestEnv{}) == "0");
  CHECK(holds("count(q.acteurs) >= 2", env));
}

TEST_CASE("unexpected value types from the environment never crash and compare false") {
  TestEnv env;
  env.answers["statut"] = 3.0;            // a number where an option id is expected
  env.answers["acteurs"] = std::string("public");  // a string where a list is expected
  env.answers["budget"] = std::string("12");
  env.level_value = 2.0;
  CHECK_FALSE(holds("q.statut == 'asso'", env));
  CHECK_FALSE(holds("q.statut != 'asso'", env));
  CHECK_FALSE(holds("'public' in q.acteurs", env));
  CHECK(value("count(q.acteurs)", env) == "0");
  CHECK(value("q.budget + 1", env) == "null");
  CHECK_FALSE(holds("q.budget > 1", env));
  CHECK_FALSE(holds("level == 'essor'", env));
}

// ---------------------------------------------------------------------------------------------
// Errors, each with its 1-based column

TEST_CASE("unknown references are errors at the id") {
  SUBCASE("question") { check_error("q.nope == 'a'", 3, "unknown question 'nope'"); }
  SUBCASE("matrix row") { check_error("q.enjeux.nope == 'peu'", 10, "matrix 'enjeux' has no row 'nope': expected one of numerique, competences"); }
  SUBCASE("row of a question that is not a matrix") { check_error("q.statut.asso == 'a'", 10, "question 'statut' is not a matrix"); }
  SUBCASE("dimension") { check_error("dim.nope > 3", 5, "unknown dimension 'nope'"); }
  SUBCASE("level") { check_error("level == 'nope'", 10, "unknown level 'nope'"); }
  SUBCASE("level in a list") { check_error("level in ['essor', 'nope']", 20, "unknown level 'nope'"); }
  SUBCASE("a '-' read as part of an id gets a hint") {
    check_error("q.budget-1 > 3", 3, "put spaces around '-'");
  }
  SUBCASE("ids are lowercase") { check_error("q.Statut == 'a'", 3, "expected a question id after '.'"); }
  SUBCASE("empty id") {
    check_error("q. == 'a'", 3, "expected a question id");
    check_error("dim.", 5, "expected a dimension id");
    check_error("q.enjeux.", 10, "expected a row id");
  }
  SUBCASE("a reference has at most two dots") { check_error("q.enjeux.numerique.x == 'a'", 19, "unexpected '.'"); }
}

TEST_CASE("option ids the question does not have are errors at the string") {
  SUBCASE("==") { check_error("q.statut == 'nope'", 13, "q.statut has no option 'nope': expected one of asso, collectivite, entreprise, nsp"); }
  SUBCASE("!= with the literal first") { check_error("'nope' != q.statut", 1, "q.statut has no option 'nope'"); }
  SUBCASE("matrix row") { check_error("q.enjeux.numerique == 'nope'", 23, "q.enjeux.numerique has no option 'nope'"); }
  SUBCASE("in a list") { check_error("q.echelle in ['fort', 'tres-fort']", 23, "q.echelle has no option 'tres-fort'"); }
  SUBCASE("in a multiple") { check_error("'nope' in q.acteurs", 1, "q.acteurs has no option 'nope'"); }
  SUBCASE("a multiple compared with a list") { check_error("q.acteurs == ['public', 'nope']", 25, "q.acteurs has no option 'nope'"); }
  SUBCASE("texts have no options: any string is fine") { CHECK(holds("q.nom != 'nope'")); }
}

TEST_CASE("type errors say what was expected, at the operand or operator") {
  SUBCASE("ordering comparison on option ids") {
    check_error("q.statut < 3", 1, "'<' needs numbers, got q.statut, an option id");
    check_error("q.echelle >= 'moyen'", 1, "compared with == , != or in");
    check_error("3 > q.statut", 5, "'>' needs numbers");
    check_error("level <= 'essor'", 1, "'<=' needs numbers, got level, a level id");
  }
  SUBCASE("arithmetic on strings") {
    check_error("q.nom + 1 > 3", 1, "'+' needs numbers, got q.nom, a text");
    check_error("1 - 'a' > 3", 5, "'-' needs numbers, got the string 'a'");
    check_error("2 * q.acteurs > 1", 5, "'*' needs numbers, got q.acteurs, a list of option ids");
    check_error("2 / true > 1", 5, "'/' needs numbers, got true");
    check_error("-'a' == 1", 2, "'-' needs numbers");
  }
  SUBCASE("in on a non-list") {
    check_error("'asso' in q.statut", 11, "expected a list after 'in'");
    check_error("3 in 4", 6, "expected a list after 'in'");
    check_error("q.acteurs in ['public']", 1, "'in' tests one value, but q.acteurs is a list");
    check_error("true in ['a']", 1, "'in' tests a string or a number");
    check_error("q.budget in ['a', 'b']", 10, "a number is never in a list of strings");
    check_error("q.statut in [1, 2]", 10, "a string is never in a list of numbers");
  }
  SUBCASE("== on different kinds") {
    check_error("q.budget == 'a'", 10, "'==' compares values of the same kind");
    check_error("q.acteurs == 'public'", 11, "to test one option, write 'public' in q.acteurs");
    check_error("true != 1", 6, "'!=' compares values of the same kind");
  }
  SUBCASE("and / or / not need conditions") {
    check_error("q.statut and true", 1, "'and' needs a condition (true or false), got q.statut, an option id; write e.g. q.statut == 'a'");
    check_error("true or 3", 9, "'or' needs a condition");
    check_error("not q.budget", 5, "'not' needs a condition (true or false), got q.budget, a number");
  }
  SUBCASE("the whole expression must be a condition") {
    check_error("q.budget + 1", 1, "expected a condition (true or false), got a number");
    check_error("q.acteurs", 1, "write e.g. 'a' in q.acteurs or answered(q.acteurs)");
    check_error("'oui'", 1, "expected a condition");
    check_error("null", 1, "expected a condition");
  }
  SUBCASE("a whole matrix needs a row, except in answered() and count()") {
    check_error("q.enjeux == 'peu'", 1, "q.enjeux is a matrix: name one of its rows (q.enjeux.<row>)");
    check_error("'peu' in q.enjeux", 10, "q.enjeux is a matrix");
  }
  SUBCASE("functions take a question reference of the right type") {
    check_error("answered(dim.action)", 10, "answered() takes a question reference such as q.x");
    check_error("answered('a')", 10, "answered() takes a question reference");
    check_error("count(q.statut) > 1", 7, "count() counts the options selected in a multiple-choice question or the rows answered in a matrix");
    check_error("answered q.statut", 10, "expected '(' after answered");
    check_error("answered(q.statut", 18, "expected ')' to close answered( at column 9");
  }
  SUBCASE("a list of numbers only follows in") {
    check_error("[1, 2] == [1, 2]", 1, "a list of numbers can only follow 'in'");
  }
}

TEST_CASE("dim., index and level are refused where scores are not allowed (visibleIf)") {
  const Schema visible_if = test_schema.schema(false);
  SUBCASE("dim.") {
    const Error e = error("q.statut == 'asso' and dim.action > 50", visible_if);
    CHECK(e.column == 24);
    CHECK(e.message.find("dim.action is not allowed in a visibility condition") != std::string::npos);
  }
  SUBCASE("index") {
    const Error e = error("index > 50", visible_if);
    CHECK(e.column == 1);
    CHECK(e.message.find("index is not allowed") != std::string::npos);
  }
  SUBCASE("level") {
    const Error e = error("not (level == 'essor')", visible_if);
    CHECK(e.column == 6);
    CHECK(e.message.find("level is not allowed") != std::string::npos);
  }
  SUBCASE("answers are fine") { CHECK(parsed("answered(q.statut)", visible_if).test(respondent())); }
}

TEST_CASE("syntax errors say what was expected, where") {
  SUBCASE("empty expression") {
    check_error("", 1, "expected a value");
    check_error("   ", 4, "found the end");
  }
  SUBCASE("strings") {
    check_error("q.nom == 'abc", 10, "unterminated string: expected a closing '");
    check_error("q.nom == \"abc'", 10, "unterminated string: expected a closing \"");
    check_error(R"(q.nom == 'a\qb')", 12, "unknown escape");
    check_error(R"(q.nom == 'a\u12')", 12, "expected four hexadecimal digits after \\u");
    check_error(R"(q.nom == '\ud83d')", 11, "must be followed by a low surrogate");
    check_error(R"(q.nom == '\ude00')", 11, "cannot stand alone");
    check_error("q.nom == 'abc\\", 10, "unterminated string");
  }
  SUBCASE("operators from other languages") {
    check_error("q.budget = 3", 10, "write '==' to compare");
    check_error("true && false", 6, "write 'and'");
    check_error("true || false", 6, "write 'or'");
    check_error("!true", 1, "write 'not'");
    check_error("q.statut not in ['asso']", 10, "'not in' is not an operator: write not (x in [...])");
    check_error("true AND false", 6, "write 'and' in lowercase");
  }
  SUBCASE("unexpected characters and names") {
    check_error("q.budget > 3 ;", 14, "unexpected character ';'");
    check_error("q.budget > 3 @", 14, "unexpected character '@'");
    check_error("foo == 1", 1, "unknown name 'foo': expected q.<question>");
    check_error("q == 1", 1, "expected q.<question>");
    check_error("index.x > 1", 6, "unexpected '.' after 'index'");
    check_error("q.budget > .5", 12, "a number must start with a digit");
  }
  SUBCASE("numbers") {
    check_error("q.budget > 3abc", 13, "unexpected 'a' after the number 3");
    check_error("q.budget > 3.", 14, "expected digits after the decimal point");
    check_error("q.budget > 1e", 14, "expected the digits of an exponent");
    check_error("q.budget > 1e999", 12, "number too large: 1e999");
    check_error("q.budget < -1e999", 13, "number too large");
  }
  SUBCASE("parentheses") {
    check_error("(true", 6, "expected ')' to close the '(' at column 1, found the end of the expression");
    check_error("(true or false))", 16, "unexpected ')': no '(' is open here");
    check_error("() == 1", 2, "expected an expression inside '()'");
  }
  SUBCASE("lists") {
    check_error("q.statut in ['asso',]", 21, "expected a string or a number in the list");
    check_error("q.statut in ['asso' 'nsp']", 21, "expected ',' or ']'");
    check_error("q.statut in [['asso']]", 14, "lists cannot be nested");
    check_error("q.statut in ['asso', 3]", 22, "only strings or only numbers");
    check_error("q.budget in [3, 'a']", 17, "only strings or only numbers");
    check_error("q.statut in [q.echelle]", 14, "a list holds literal strings or numbers");
    check_error("q.statut in ['asso'", 20, "expected ',' or ']'");
  }
  SUBCASE("operators missing an operand") {
    check_error("q.budget >", 11, "expected a value after '>', found the end");
    check_error("true and", 9, "expected a condition after 'and'");
    check_error("true or", 8, "expected a condition after 'or'");
    check_error("not", 4, "expected a condition after 'not'");
    check_error("q.budget + > 3", 12, "expected a value");
    check_error("and true", 1, "expected a value before 'and'");
    check_error("true == not false", 9, "'not' starts a condition and cannot follow an operator here: write (not …)");
    CHECK(holds("true == (not false)"));
    check_error("1 +", 4, "expected a number after '+'");
    check_error("-", 2, "expected a number after '-'");
  }
  SUBCASE("trailing tokens and chained comparisons") {
    check_error("true false", 6, "after a complete expression: expected an operator");
    check_error("1 < q.budget < 3", 14, "comparisons cannot be chained");
  }
}

TEST_CASE("columns count characters, not bytes") {
  // 'é' is two bytes in UTF-8: the first error is at character 18, byte 19.
  check_error("'é' == q.nom and q.nom + 1 > 2", 18, "'+' needs numbers");
  check_error("q.nom == 'é' and 'à' in q.statut", 25, "expected a list after 'in'");
}

TEST_CASE("invalid UTF-8 is an error at its position") {
  check_error(std::string("q.nom == '\xC3'"), 11, "invalid UTF-8 (byte 0xC3)");
  check_error(std::string("q.nom == '\xFF'"), 11, "invalid UTF-8 (byte 0xFF)");
  check_error(std::string("q.nom == '\xED\xA0\x80'"), 11, "invalid UTF-8");  // encoded surrogate
  check_error(std::string("q.nom == '\xC0\xAF'"), 11, "invalid UTF-8");       // overlong
  check_error(std::string("true\0", 5), 5, "unexpected control character 0x00");
}

TEST_CASE("limits: source length and nesting depth give errors, never a stack overflow") {
  SUBCASE("source longer than max_length") {
    std::string long_source = "q.budget > 1";
    long_source += std::string(Expression::max_length, ' ');
    const Error e = error(long_source);
    CHECK(e.column == Expression::max_length + 1);
    CHECK(e.message.find("expression too long") != std::string::npos);
    CHECK(e.message.find("at most 4096") != std::string::npos);
  }
  SUBCASE("max_length is accepted") {
    std::string source = "q.budget > 1";
    source += std::string(Expression::max_length - source.size(), ' ');
    CHECK(holds(source));
  }
  SUBCASE("deeply nested parentheses") {
    const std::string deep = std::string(2000, '(') + "true" + std::string(2000, ')');
    const Error e = error(deep);
    CHECK(e.column == Expression::max_depth + 1);
    CHECK(e.message.find("nested too deeply: at most 100 levels") != std::string::npos);
    const std::string fine = std::string(90, '(') + "true" + std::string(90, ')');
    CHECK(holds(fine));
  }
  SUBCASE("deeply nested lists, not, unary minus and functions") {
    CHECK(error(std::string(2000, '[')).message.find("lists cannot be nested") != std::string::npos);
    std::string nots;
    for (int i = 0; i < 1000; ++i) nots += "not ";
    CHECK(error(nots + "true").message.find("nested too deeply") != std::string::npos);
    CHECK(error(std::string(2000, '-') + "1 > 0").message.find("nested too deeply") != std::string::npos);
    std::string parens_in_args;
    for (int i = 0; i < 300; ++i) parens_in_args += "answered(";
    CHECK(error(parens_in_args).column == 10);
  }
  SUBCASE("long chains of arithmetic are a deep tree: refused past max_depth") {
    std::string sum = "1";
    for (int i = 0; i < 1000; ++i) sum += "+1";
    const Error e = error(sum + " > 0");
    CHECK(e.message.find("nested too deeply") != std::string::npos);
    std::string small = "1";
    for (int i = 0; i < 50; ++i) small += "+1";
    CHECK(value(small) == "51");
  }
  SUBCASE("long and / or chains are flat: accepted") {
    std::string many = "false";
    for (int i = 0; i < 400; ++i) many += " or false";
    many += " or q.statut == 'asso'";
    CHECK(holds(many));
  }
}

TEST_CASE("a schema without lookups knows nothing, and says so") {
  const Schema empty;
  CHECK(error("q.a == 'b'", empty).message.find("unknown question 'a'") != std::string::npos);
  CHECK(error("dim.a > 1", empty).message.find("unknown dimension 'a'") != std::string::npos);
  CHECK(error("level == 'a'", empty).message.find("unknown level 'a'") != std::string::npos);
  CHECK(parsed("1 < 2", empty).test(TestEnv{}));
}

TEST_CASE("an expression is a value: copies share the tree and evaluate alike") {
  const Expression a = parsed("q.statut == 'asso'", test_schema.schema());
  const Expression b = a;  // NOLINT(performance-unnecessary-copy-initialization)
  CHECK(b.test(respondent()));
  CHECK(b.source() == a.source());
  CHECK(b.questions() == a.questions());
}

TEST_CASE("every error is a code of the catalog with its params, in French and in English") {
  const Schema visible_if = test_schema.schema(false);
  std::string long_source = "true";
  long_source += std::string(Expression::max_length, ' ');
  const std::string deep = std::string(200, '(') + "true" + std::string(200, ')');
  // One source reaching each code (after "questionnaire.expression.").
  const std::pair<std::string, const char*> cases[] = {
      {"true false", "after-end"},
      {"q.budget > 3abc", "after-number"},
      {"true && false", "ampersand"},
      {"true || false", "bar"},
      {"answered(3)", "call-argument"},
      {"answered q.statut", "call-parenthesis"},
      {"1 < q.budget < 3", "chained-comparison"},
      {"true \x01", "control-character"},
      {"count(q.statut) > 1", "count-argument"},
      {"q.budget > 3.", "decimal-digits"},
      {"q.statut == 3", "different-kinds"},
      {"q.acteurs == 'asso'", "different-kinds-option"},
      {"dim.action.x > 1", "dimension-dot"},
      {"dim == 1", "dimension-expected"},
      {"dim.X > 1", "dimension-id"},
      {"() == 1", "empty-parentheses"},
      {"q.budget >", "end-after-operator"},
      {"!true", "exclamation"},
      {"1 + 2", "expected-condition"},
      {"q.statut", "expected-condition-hint"},
      {"q.budget > 1e", "exponent-digits"},
      {R"(q.nom == 'a\u12')", "hex-digits"},
      {R"(q.nom == '\ud83d')", "high-surrogate"},
      {"true in ['a']", "in-boolean"},
      {"q.acteurs in ['asso']", "in-list"},
      {"q.statut in q.echelle", "in-needs-list"},
      {"q.nom == '\xFF'", "invalid-utf8"},
      {"true AND false", "keyword-case"},
      {"q.budget > .5", "leading-dot"},
      {"q.statut in [q.echelle]", "list-item"},
      {"q.statut in ['asso',]", "list-item-expected"},
      {"q.budget in [3, 'a']", "list-mixed-number"},
      {"q.statut in ['asso', 3]", "list-mixed-string"},
      {R"(q.nom == '\ude00')", "lone-low-surrogate"},
      {R"(q.nom == '\ud83d\u0041')", "low-surrogate"},
      {"q.enjeux == 'peu'", "matrix"},
      {"true and 1", "needs-condition"},
      {"true and q.budget", "needs-condition-hint"},
      {"q.budget + true > 1", "needs-numbers"},
      {"q.statut < 3", "needs-numbers-order"},
      {"q.statut in [['asso']]", "nested-list"},
      {deep, "nested-too-deeply"},
      {"true == not false", "not-after-operator"},
      {"q.statut not in ['asso']", "not-in"},
      {"q.statut.x == 'a'", "not-matrix"},
      {"q.budget in ['a']", "number-in-strings"},
      {"[1, 2] == [1, 2]", "number-list"},
      {"q.budget > 1e999", "number-too-large"},
      {"q.enjeux.numerique.x == 'a'", "question-dot"},
      {"q == 1", "question-expected"},
      {"q.X == 1", "question-id"},
      {"q.enjeux.X == 'a'", "row-id"},
      {"q.budget = 3", "single-equals"},
      {"q.statut in [1, 2]", "string-in-numbers"},
      {long_source, "too-long"},
      {"answered(q.statut", "unclosed-call"},
      {"q.statut in ['asso' 'nsp']", "unclosed-list"},
      {"(true", "unclosed-parenthesis"},
      {"q.budget > 3 ;", "unexpected-character"},
      {"dim.nope > 1", "unknown-dimension"},
      {R"(q.nom == 'a\qb')", "unknown-escape"},
      {"level == 'nope'", "unknown-level"},
      {"foo == 1", "unknown-name"},
      {"q.statut == 'nope'", "unknown-option"},
      {"q.nope == 1", "unknown-question"},
      {"q.taille-1 > 3", "unknown-question-dash"},
      {"q.enjeux.nope == 'peu'", "unknown-row"},
      {"true]", "unopened-bracket"},
      {"(true))", "unopened-parenthesis"},
      {"q.nom == 'abc", "unterminated-string"},
      {"and true", "value-before"},
      {"q.budget + > 3", "value-expected"},
      {"", "value-expected-end"},
      {"index.x > 1", "word-dot"},
  };
  const catalyse::json operands = catalyse::json::parse(catalyse::catalog_json())["en"]["operands"];
  static const std::regex placeholder(R"(\{([A-Za-z0-9]+)(:([A-Za-z0-9]+))?\})");
  std::set<std::string> reached;
  for (const auto& item : cases) {
    const std::string& source = item.first;  // (a structured binding cannot be captured by CAPTURE under clang 14)
    const char* what = item.second;
    CAPTURE(source);
    const std::string code = std::string("questionnaire.expression.") + what;
    const Error e = error(source, test_schema.schema());
    CHECK(e.code == code);
    reached.insert(e.code);
    const char* en = catalyse::message_template(e.code, "en");
    REQUIRE(en != nullptr);
    // Every placeholder has its param; an operand written as it stands has its Ref too.
    const std::string text(en);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it) {
      const std::string name = (*it)[1];
      REQUIRE_MESSAGE(e.params.count(name) == 1, "missing param " << name);
      if ((*it)[3] == "operand") {
        REQUIRE(operands.contains(e.params.at(name)));
        if (operands[e.params.at(name)].get<std::string>().find("{ref}") != std::string::npos)
          CHECK_MESSAGE(e.params.count(name + "Ref") == 1, "missing param " << name << "Ref");
      }
    }
    CHECK(e.message == catalyse::message(e.code, e.params, "en"));
    const std::string fr = catalyse::message(e.code, e.params, "fr");
    CHECK(fr != e.message);
    CHECK_FALSE(std::regex_search(e.message, placeholder));
    CHECK_FALSE(std::regex_search(fr, placeholder));
  }
  // dim., index and level where scores are not allowed.
  const Error scores = error("index > 50", visible_if);
  CHECK(scores.code == "questionnaire.expression.scores-in-visibility");
  CHECK(catalyse::message(scores.code, scores.params, "fr") ==
        "index n'est pas permis dans une condition de visibilité : les scores dépendent des questions visibles");
  reached.insert(scores.code);
  // Every expression code of the catalog is reached.
  std::size_t count = 0;
  const auto* catalog = catalyse::message_catalog(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string code = catalog[i].code;
    if (code.rfind("questionnaire.expression.", 0) == 0) CHECK_MESSAGE(reached.count(code) == 1, code << " is reached by no case");
  }
}

TEST_CASE("an error's words in French and in English") {
  const auto both = [](std::string_view source) {
    const Error e = error(source);
    return std::pair{catalyse::message(e.code, e.params, "fr"), catalyse::message(e.code, e.params, "en")};
  };
  CHECK(both("q.nom + 1 > 3") == std::pair<std::string, std::string>{"« + » demande des nombres, reçu : q.nom, un texte",
                                                                       "'+' needs numbers, got q.nom, a text"});
  CHECK(both("q.statut") ==
        std::pair<std::string, std::string>{
            "attendu : une condition (vraie ou fausse), reçu : q.statut, un identifiant d'option ; écrire par exemple q.statut == 'a' ou answered(q.statut)",
            "expected a condition (true or false), got q.statut, an option id; write e.g. q.statut == 'a' or answered(q.statut)"});
  CHECK(both("(true") == std::pair<std::string, std::string>{
                             "attendu : « ) » pour fermer la « ( » de la colonne 1, reçu : la fin de l'expression",
                             "expected ')' to close the '(' at column 1, found the end of the expression"});
  CHECK(both("q.statut == 'nope'") == std::pair<std::string, std::string>{
                                          "q.statut n'a pas d'option « nope » : attendu : l'une de asso, collectivite, entreprise, nsp (4 en tout)",
                                          "q.statut has no option 'nope': expected one of asso, collectivite, entreprise, nsp (4 in all)"});
  CHECK(both("q.statut == 3") == std::pair<std::string, std::string>{
                                     "« == » compare des valeurs de même nature, or q.statut, un identifiant d'option et le nombre 3 diffèrent",
                                     "'==' compares values of the same kind, but q.statut, an option id and the number 3 differ"});
}
