// The expression language against the default questionnaire's schema: any bytes parse to an
// expression or to an error whose column lies within the text, with a code of the catalog; an expression evaluates without
// non-finite numbers, reads only questions that exist, and accepting it in visibleIf (no scores)
// implies accepting it where scores are allowed.
#include "fuzz_support.hpp"

#include <catalyse/expression.hpp>
#include <catalyse/messages.hpp>
#include <catalyse/model.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <string_view>

namespace {

using namespace catalyse;

struct Fixture {
  std::map<std::string, expr::Schema::Question, std::less<>> questions;
  expr::Schema schema(bool allow_scores) const {
    expr::Schema s;
    s.question = [this](std::string_view id) -> const expr::Schema::Question* {
      auto it = questions.find(id);
      return it == questions.end() ? nullptr : &it->second;
    };
    const auto& q = fuzz::questionnaire();
    s.dimension = [&q](std::string_view id) { return q.compiled.dimension_index.count(id) > 0; };
    s.level = [&q](std::string_view id) { return q.compiled.level_index.count(id) > 0; };
    s.allow_scores = allow_scores;
    s.require_condition = false;
    return s;
  }
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture out;
    const auto& q = fuzz::questionnaire();
    for (std::size_t n = 0; n < q.compiled.questions.size(); ++n) {
      const Question& question = q.question(n);
      expr::Schema::Question sq{question.type, {}, {}};
      if (question.options)
        for (const auto& o : *question.options) sq.options.push_back(o.id);
      if (question.rows)
        for (const auto& r : *question.rows) sq.rows.push_back(r.id);
      out.questions.emplace(question.id, std::move(sq));
    }
    return out;
  }();
  return f;
}

// Every question answered with its first options; scores in the middle.
struct FullEnv : expr::Env {
  expr::Value answer(std::string_view question, std::optional<std::string_view>) const override {
    auto it = fixture().questions.find(question);
    if (it == fixture().questions.end()) fuzz::trap("evaluate read an unknown question", std::string(question));
    const auto& q = it->second;
    switch (q.kind) {
      case catalyse::QuestionType::multiple: return expr::List(q.options.begin(), q.options.begin() + std::min<std::size_t>(2, q.options.size()));
      case catalyse::QuestionType::number: return 3.0;
      case catalyse::QuestionType::text: return std::string("texte libre");
      default: return q.options.empty() ? expr::Value{expr::Null{}} : expr::Value{q.options.front()};
    }
  }
  expr::Value dimension(std::string_view) const override { return 50.0; }
  expr::Value index() const override { return 1e308; }
  expr::Value level() const override {
    const auto& levels = fuzz::questionnaire().levels;
    return levels.empty() ? expr::Value{expr::Null{}} : expr::Value{levels.front().id};
  }
};

struct EmptyEnv : expr::Env {
  expr::Value answer(std::string_view, std::optional<std::string_view>) const override { return expr::Null{}; }
  expr::Value dimension(std::string_view) const override { return expr::Null{}; }
  expr::Value index() const override { return expr::Null{}; }
  expr::Value level() const override { return expr::Null{}; }
};

std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void check_value(const expr::Value& v, const std::string& source) {
  if (const auto* d = std::get_if<double>(&v); d && !std::isfinite(*d)) fuzz::trap("a non-finite number", source);
  (void)expr::to_string(v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  const std::string text(source);
  auto with_scores = expr::Expression::parse(source, fixture().schema(true));
  auto without = expr::Expression::parse(source, fixture().schema(false));

  for (const auto* r : {&with_scores, &without}) {
    if (const auto* e = std::get_if<expr::Error>(r)) {
      if (e->column < 1 || e->column > characters(source.substr(0, expr::Expression::max_length)) + 1)
        fuzz::trap("an error column outside the text", text + " → " + std::to_string(e->column) + ": " + e->message);
      if (e->message.empty()) fuzz::trap("an error without a message", text);
      // Its code is the catalog's and its params fill the French words too.
      if (!message_template(e->code, "fr")) fuzz::trap("an error code outside the catalog", text + " → " + e->code);
      if (message(e->code, e->params, "fr").find("{") != std::string::npos && e->message.find("{") == std::string::npos)
        fuzz::trap("an error whose French words miss a param", text + " → " + e->code);
    }
  }
  if (std::holds_alternative<expr::Expression>(without) && !std::holds_alternative<expr::Expression>(with_scores))
    fuzz::trap("accepted without scores but refused with them", text);

  if (const auto* e = std::get_if<expr::Expression>(&with_scores)) {
    for (const auto& id : e->questions())
      if (!fixture().questions.count(id)) fuzz::trap("questions() names an unknown question", id);
    check_value(e->evaluate(FullEnv{}), text);
    check_value(e->evaluate(EmptyEnv{}), text);
    (void)e->test(FullEnv{});
  }
  return 0;
}
