// The expression language (docs/FORMAT.md §5): a lexer, a recursive-descent parser that checks
// types and references against the questionnaire's schema while it builds the tree, and an
// evaluator that walks the tree. Nothing here evaluates text at run time.
//
// Static types are known at parse time (a question's type fixes the type of its answer), so
// mistakes such as `q.single < 3` or `q.x == 'no-such-option'` are load-time errors with a column.
// At run time every value may still be null (unanswered, don't know, insufficient dimension).
#include <catalyse/expression.hpp>
#include <catalyse/messages.hpp>
#include <catalyse/number.hpp>
#include <catalyse/utf8.hpp>

#include "unicode_escape.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

namespace catalyse::expr {

class Node {
 public:
  enum class Op {
    literal,      // value
    number_list,  // numbers (only as the right side of `in`)
    question,     // id (+ row): an answer
    matrix,       // id, rows: a whole matrix (only inside answered() / count())
    dimension,    // id
    index,
    level,
    answered,  // kids[0]: question or matrix
    count,     // kids[0]: question (multiple) or matrix
    negate,
    not_,
    and_,  // n-ary
    or_,   // n-ary
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    in,
    add,
    sub,
    mul,
    div,
  };

  explicit Node(Op o) : op(o) {}

  Op op;
  Value value;                  // literal
  std::vector<double> numbers;  // number_list
  std::string id;               // question, matrix, dimension
  std::optional<std::string> row;
  std::vector<std::string> rows;  // matrix
  std::vector<std::unique_ptr<Node>> kids;
};

namespace {

using Op = Node::Op;

// ---------------------------------------------------------------------------------------------
// Errors while parsing travel as values (no exceptions: the wasm core is built without them). The
// lexer and the parser each keep their first failure; parse() turns it into an Error. A failure is
// a code of the catalog (messages.cpp: "questionnaire.expression." and `what`) and its params, so
// that the questionnaire's author reads it in their language.
struct Failure {
  std::size_t column;
  const char* what;  // the code after "questionnaire.expression."
  Params params;
};

/// The params of a failure: names and values, then the operands (`operand()`): what the expression
/// holds where it is wrong, as a key of the catalog's operand words (messages.cpp) and how it is
/// written.
#if defined(CATALYSE_TRUSTING)
// The trusting core (wasm/CMakeLists.txt) reads expressions checked beforehand: a failure keeps its
// code and column, not its params.
struct Detail {
  Detail(std::initializer_list<Param> = {}) {}
  Detail& operand(const char*, const char*, const std::string&) { return *this; }
  Params params;
};
#else
struct Detail {
  Detail(std::initializer_list<Param> list = {}) {
    for (const Param& p : list) params.emplace(p.name, p.value);
  }
  Detail& operand(const char* name, const char* kind, const std::string& ref) {
    params.emplace(name, kind);
    if (!ref.empty()) params.emplace(std::string(name) + "Ref", ref);
    return *this;
  }
  Params params;
};
#endif

/// A text from its parts. One function builds every text, instead of a chain of `+` (a temporary
/// string per step) at each place that writes one.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) out += part;
  return out;
}

// How an operand, a byte or a list is written: for a failure's params and hints, and for
// to_string(). The trusting core keeps no params (Detail) and nothing of it calls to_string(): there
// these texts are empty, and its file carries no code to write them (no decimal formatter either).
#if defined(CATALYSE_TRUSTING)
constexpr bool writes_texts = false;
#else
constexpr bool writes_texts = true;
#endif

// The kinds of an expression's operands (a condition, a number, one of the question's options, a
// score where scores are allowed) are checked by the checking core; the trusting core reads
// expressions checked beforehand and builds their trees without these checks (eval() reads any
// value: an operand of another kind gives null or false, never a fault).
#if defined(CATALYSE_TRUSTING)
constexpr bool checks_kinds = false;
#else
constexpr bool checks_kinds = true;
#endif

std::string quoted(std::string_view s) {
  if (!writes_texts) return {};
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string number_text(double d) {
  if (!writes_texts) return {};
  if (d == std::floor(d) && std::fabs(d) < 1e15) {  // what printf's "%.0f" writes
    if (d == 0) return std::signbit(d) ? "-0" : "0";
    return std::to_string(static_cast<long long>(d));
  }
  return number::shortest_g(d);  // the shortest "%.*g" that reads back the same
}

/// "0x" and two uppercase hexadecimal digits, as printf's "0x%02X" writes a byte.
std::string hex_byte(unsigned char b) {
  if (!writes_texts) return {};
  static constexpr char digits[] = "0123456789ABCDEF";
  return std::string("0x") + digits[b >> 4] + digits[b & 0xF];
}

/// A list of strings as to_string() writes it: ['a', 'b'].
std::string list_text(const List& l) {
  if (!writes_texts) return {};
  std::string out = "[";
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (i) out += ", ";
    out += quoted(l[i]);
  }
  return out + "]";
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

/// The first `limit` ids, then "…" when there are more (the message says how many in all).
std::string joined(const std::vector<std::string>& items, std::size_t limit = 12) {
  if (!writes_texts) return {};
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > limit) out += ", …";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lexer

struct Token {
  enum class Kind {
    end,
    number,
    string,
    word,      // true, false, null, and, or, not, in, index, level, answered, count, or unknown
    question,  // q.<id>[.<row>]
    dimension, // dim.<id>
    lparen,
    rparen,
    lbracket,
    rbracket,
    comma,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    plus,
    minus,
    star,
    slash,
  };
  Token();

  Kind kind = Kind::end;
  std::size_t column = 0;
  double number = 0;
  std::string text;  // string value, word, question or dimension id
  std::optional<std::string> row;
  std::size_t row_column = 0;
  std::size_t id_column = 0;
};
using K = Token::Kind;

// Not inlined, as Parsed() below: one call at each place that makes a token.
[[gnu::noinline]] Token::Token() = default;

bool is_id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }
bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word_char(char c) { return is_word_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src), columns_(src.size() + 1) {
    // Column (1-based, in characters) of every byte offset, end included. A continuation byte
    // belongs to the character it continues.
    std::size_t col = 1;
    for (std::size_t i = 0; i < src.size(); ++i) {
      const bool continuation = (static_cast<unsigned char>(src[i]) & 0xC0) == 0x80;
      columns_[i] = continuation && i > 0 ? columns_[i - 1] : col;
      if (!continuation) ++col;
    }
    columns_[src.size()] = col;
  }

  std::size_t column(std::size_t offset) const { return columns_[std::min(offset, src_.size())]; }

  /// Every token, the end included, once the whole text is known to be UTF-8. After a failure the
  /// list stops short: failure() then says what and where.
  std::vector<Token> tokens() {
    std::vector<Token> out;
    if (!check_utf8()) return out;
    for (;;) {
      Token t = next();
      if (failure_) return out;
      const bool done = t.kind == K::end;
      out.push_back(std::move(t));
      if (done) return out;
    }
  }

  const std::optional<Failure>& failure() const { return failure_; }

 private:
  // Records the first failure (a later one never replaces it). The token returned in place of the
  // one that could not be read is an end: every reader returns it at once, so nothing reads on.
  Token fail(std::size_t column, const char* what, const Detail& detail = {}) {
    if (!failure_) failure_ = Failure{column, what, detail.params};
    return Token{};
  }

  bool check_utf8() {
    for (std::size_t i = 0; i < src_.size();) {
      if (static_cast<unsigned char>(src_[i]) < 0x80) {
        ++i;
        continue;
      }
      const std::size_t n = utf8_length(src_, i);
      if (n == 0) {
        fail(column(i), "invalid-utf8", {{"byte", hex_byte(static_cast<unsigned char>(src_[i]))}});
        return false;
      }
      i += n;
    }
    return true;
  }

  Token make(K kind, std::size_t start) const {
    Token t;
    t.kind = kind;
    t.column = column(start);
    return t;
  }

  Token next() {
    while (pos_ < src_.size() && (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\n' || src_[pos_] == '\r'))
      ++pos_;
    const std::size_t start = pos_;
    if (pos_ >= src_.size()) return make(K::end, start);
    const char c = src_[pos_];
    const auto peek = [&](std::size_t ahead) { return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0'; };
    const auto single = [&](K kind, std::size_t width = 1) {
      pos_ += width;
      return make(kind, start);
    };
    switch (c) {
      case '(': return single(K::lparen);
      case ')': return single(K::rparen);
      case '[': return single(K::lbracket);
      case ']': return single(K::rbracket);
      case ',': return single(K::comma);
      case '+': return single(K::plus);
      case '-': return single(K::minus);
      case '*': return single(K::star);
      case '/': return single(K::slash);
      case '<': return peek(1) == '=' ? single(K::le, 2) : single(K::lt);
      case '>': return peek(1) == '=' ? single(K::ge, 2) : single(K::gt);
      case '=':
        if (peek(1) == '=') return single(K::eq, 2);
        return fail(column(start), "single-equals");
      case '!':
        if (peek(1) == '=') return single(K::ne, 2);
        return fail(column(start), "exclamation");
      case '&': return fail(column(start), "ampersand");
      case '|': return fail(column(start), "bar");
      case '\'':
      case '"': return string_literal(start);
      default: break;
    }
    if (is_digit(c)) return number(start);
    if (c == '.' && is_digit(peek(1))) return fail(column(start), "leading-dot", {{"number", src_.substr(start, 2)}});
    if (is_word_start(c)) return word(start);
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) return fail(column(start), "control-character", {{"byte", hex_byte(b)}});
    // Whole UTF-8 character in the message.
    std::size_t len = 1;
    while (start + len < src_.size() && (static_cast<unsigned char>(src_[start + len]) & 0xC0) == 0x80) ++len;
    return fail(column(start), "unexpected-character", {{"character", src_.substr(start, len)}});
  }

  Token number(std::size_t start) {
    while (pos_ < src_.size() && is_digit(src_[pos_])) ++pos_;
    if (pos_ < src_.size() && src_[pos_] == '.') {
      ++pos_;
      if (pos_ >= src_.size() || !is_digit(src_[pos_])) return fail(column(pos_), "decimal-digits");
      while (pos_ < src_.size() && is_digit(src_[pos_])) ++pos_;
    }
    if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < src_.size() && (src_[p] == '+' || src_[p] == '-')) ++p;
      if (p >= src_.size() || !is_digit(src_[p])) return fail(column(p), "exponent-digits");
      while (p < src_.size() && is_digit(src_[p])) ++p;
      pos_ = p;
    }
    if (pos_ < src_.size() && (is_word_char(src_[pos_]) || src_[pos_] == '.'))
      return fail(column(pos_), "after-number", {{"character", src_.substr(pos_, 1)}, {"number", src_.substr(start, pos_ - start)}});
    const std::string_view text = src_.substr(start, pos_ - start);
    const double value = number::parse(text);  // correctly rounded, as strtod
    if (!std::isfinite(value)) return fail(column(start), "number-too-large", {{"number", text}});
    Token t = make(K::number, start);
    t.number = value;
    return t;
  }

  Token string_literal(std::size_t start) {
    const char quote = src_[start];
    std::string value;
    ++pos_;
    for (;;) {
      if (pos_ >= src_.size()) return fail(column(start), "unterminated-string", {{"quote", src_.substr(start, 1)}});
      const char c = src_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c != '\\') {
        value += c;
        ++pos_;
        continue;
      }
      const std::size_t escape = pos_;
      const char e = pos_ + 1 < src_.size() ? src_[pos_ + 1] : '\0';
      pos_ += 2;
      switch (e) {
        case '\\': value += '\\'; break;
        case '\'': value += '\''; break;
        case '"': value += '"'; break;
        case '/': value += '/'; break;
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case 'r': value += '\r'; break;
        case 'u': {
          using unicode_escape::Problem;
          const auto u = unicode_escape::read(src_, escape);
          const std::size_t second = escape + 6;  // where a low surrogate's escape belongs
          switch (u.problem) {
            case Problem::none: break;
            case Problem::hex: return fail(column(escape), "hex-digits");
            case Problem::low_hex: return fail(column(second), "hex-digits");
            case Problem::lone_low: return fail(column(escape), "lone-low-surrogate");
            case Problem::no_low: return fail(column(escape), "high-surrogate");
            case Problem::not_low: return fail(column(second), "low-surrogate");
          }
          append_utf8(value, u.code);
          pos_ = u.end;
          break;
        }
        default:
          if (e == '\0' && escape + 1 >= src_.size())
            return fail(column(start), "unterminated-string", {{"quote", src_.substr(start, 1)}});
          return fail(column(escape), "unknown-escape");
      }
    }
    Token t = make(K::string, start);
    t.text = std::move(value);
    return t;
  }

  // An id after `q.` or `dim.`: lowercase letters, digits, '_' and '-' (FORMAT.md's id rule).
  // Nothing once failure_ says why (`what`: the failure's code).
  std::optional<std::string> id_after(std::size_t dot, const char* what) {
    pos_ = dot + 1;
    const std::size_t begin = pos_;
    while (pos_ < src_.size() && is_id_char(src_[pos_])) ++pos_;
    if (pos_ == begin) {
      fail(column(begin), what);
      return std::nullopt;
    }
    return std::string(src_.substr(begin, pos_ - begin));
  }

  Token word(std::size_t start) {
    while (pos_ < src_.size() && is_word_char(src_[pos_])) ++pos_;
    const std::string_view w = src_.substr(start, pos_ - start);
    const bool dotted = pos_ < src_.size() && src_[pos_] == '.';
    if (w == "q" && dotted) {
      Token t = make(K::question, start);
      t.id_column = column(pos_ + 1);
      std::optional<std::string> id = id_after(pos_, "question-id");
      if (!id) return Token{};
      t.text = std::move(*id);
      if (pos_ < src_.size() && src_[pos_] == '.') {
        t.row_column = column(pos_ + 1);
        t.row = id_after(pos_, "row-id");
        if (!t.row) return Token{};
      }
      if (pos_ < src_.size() && src_[pos_] == '.') return fail(column(pos_), "question-dot");
      return t;
    }
    if (w == "dim" && dotted) {
      Token t = make(K::dimension, start);
      t.id_column = column(pos_ + 1);
      std::optional<std::string> id = id_after(pos_, "dimension-id");
      if (!id) return Token{};
      t.text = std::move(*id);
      if (pos_ < src_.size() && src_[pos_] == '.') return fail(column(pos_), "dimension-dot");
      return t;
    }
    if (dotted) return fail(column(pos_), "word-dot", {{"word", w}});
    Token t = make(K::word, start);
    t.text = std::string(w);
    return t;
  }

  std::string_view src_;
  std::size_t pos_ = 0;
  std::vector<std::size_t> columns_;
  std::optional<Failure> failure_;
};

// ---------------------------------------------------------------------------------------------
// Static types, known at parse time.

struct Type {
  enum class Base { null, boolean, number, string, list, matrix };
  enum class Elem { none, strings, numbers };  // list elements; none: an empty list literal

  Base base = Base::null;
  Elem elem = Elem::none;
  // The values a string (or a list's strings) can take: a question's option ids or the levels.
  const std::vector<std::string>* options = nullptr;
  bool levels = false;  // (a domain's owner, for messages, is the operand's ref: q.x, q.m.row, level)
};

struct Parsed {
  Parsed();

  std::unique_ptr<Node> node;
  Type type;
  std::size_t column = 0;
  int depth = 1;
  const char* kind = "value";  // what this operand is, for messages: a key of the catalog's operand words
  std::string ref;             // "q.x", "'a'": how it is written, for messages and hints
  // Literal strings (a string literal, or the elements of a list literal) with their columns,
  // to check against an option domain.
  std::vector<std::pair<std::string, std::size_t>> literals;
  bool literal = false;
};

// Not inlined: the parser returns an empty Parsed at each of its many failure exits, and one call
// is much smaller than the members' initialization written out at each of them.
[[gnu::noinline]] Parsed::Parsed() = default;

class Parser {
 public:
  Parser(std::vector<Token> tokens, const Schema& schema, std::vector<std::string>& questions)
      : tokens_(std::move(tokens)), schema_(schema), questions_(questions) {}

  /// The whole expression; an empty Parsed when failure() says why.
  Parsed parse_all() {
    Parsed p = parse_or();
    if (failed()) return {};
    const Token& t = peek();
    if (t.kind != K::end) {
      if (t.kind == K::rparen) return fail(t.column, "unopened-parenthesis");
      if (t.kind == K::rbracket) return fail(t.column, "unopened-bracket");
      if (t.kind == K::word && !keyword_case(t)) return {};
      return fail(t.column, "after-end", token_detail("found", t));
    }
    if (!require_value(p)) return {};
    if (schema_.require_condition && p.type.base != Type::Base::boolean) {
      refuse_condition(p, "expected-condition", {});
      return {};
    }
    return p;
  }

  const std::optional<Failure>& failure() const { return failure_; }

 private:
  // ---- failures
  // The first failure is kept (a later one never replaces it). A parse function that meets one
  // returns an empty Parsed (`return fail(…)`), a check returns false (`return refuse(…)`), and
  // every caller of either returns at once: nothing runs on past the first failure. `what` is the
  // failure's code (after "questionnaire.expression.").
  bool failed() const { return failure_.has_value(); }
  bool refuse(std::size_t column, const char* what, const Detail& detail = {}) {
    if (!failure_) failure_ = Failure{column, what, detail.params};
    return false;
  }
  Parsed fail(std::size_t column, const char* what, const Detail& detail = {}) {
    refuse(column, what, detail);
    return {};
  }

  // After an operator: the text must go on. "expected <expected> after '<op>', found the end" if
  // not (`expected`: an operand word, "condition", "value" or "number").
  [[nodiscard]] bool expect_more(const char* expected, std::string_view op) {
    if (peek().kind == K::end) return refuse(peek().column, "end-after-operator", {{"expected", expected}, {"operator", op}});
    return true;
  }

  // What should have come (a closing ')', a ',' …; `what`), where its opening token was, and what came.
  Parsed fail_found(const char* what, std::size_t open_column, std::initializer_list<Param> params = {}) {
    const std::string open = std::to_string(open_column);
    Detail detail(params);
    detail.params.emplace("open", open);
    return fail(peek().column, what, detail.operand("found", token_kind(peek()), token_ref(peek())));
  }

  // ---- tokens
  // The tokens never change while parsing: a reference to one stays valid.
  const Token& peek() const { return tokens_[pos_]; }
  const Token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool at_word(std::string_view w) const { return peek().kind == K::word && peek().text == w; }

  /// How an operator or a punctuation token is written.
  static std::string_view symbol(K kind) {
    static constexpr std::string_view symbols[] = {"(", ")", "[", "]", ",", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/"};
    return symbols[static_cast<int>(kind) - static_cast<int>(K::lparen)];
  }

  /// What a token is, as an operand word of the catalog, and how it is written.
  static const char* token_kind(const Token& t) {
    switch (t.kind) {
      case K::end: return "end";
      case K::number: return "number-literal";
      case K::string: return "string-literal";
      case K::question:
      case K::dimension: return "written";
      default: return "symbol";  // a word, '(' … '/'
    }
  }
  static std::string token_ref(const Token& t) {
    if (!writes_texts) return {};
    switch (t.kind) {
      case K::end: return "";
      case K::number: return number_text(t.number);
      case K::string: return quoted(t.text);
      case K::word: return t.text;
      case K::question: return t.row ? cat({"q.", t.text, ".", *t.row}) : cat({"q.", t.text});
      case K::dimension: return cat({"dim.", t.text});
      default: return std::string(symbol(t.kind));  // ( … /
    }
  }
  /// `name`: the token, as the params of a failure say it.
  static Detail token_detail(const char* name, const Token& t, std::initializer_list<Param> params = {}) {
    Detail detail(params);
    detail.operand(name, token_kind(t), token_ref(t));
    return detail;
  }

  // ---- depth
  bool too_deep(std::size_t column) {
    return refuse(column, "nested-too-deeply", {{"maximum", std::to_string(Expression::max_depth)}});
  }

  // One more level of nesting while it lives; past the limit it records a failure (the caller
  // checks failed() right after constructing it).
  struct Nest {
    explicit Nest(Parser& p, std::size_t column) : parser(p) {
      if (++parser.nesting_ > Expression::max_depth) parser.too_deep(column);
    }
    ~Nest() { --parser.nesting_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
    Parser& parser;
  };

  // ---- results
  static Parsed leaf(Op op, std::size_t column, Type::Base base, const char* kind, std::string ref) {
    Parsed p;
    p.node = std::make_unique<Node>(op);
    p.type.base = base;
    p.column = column;
    p.kind = kind;
    p.ref = std::move(ref);
    return p;
  }

  static Parsed literal(Value v, Type::Base base, std::size_t column, const char* kind, std::string ref) {
    Parsed p = leaf(Op::literal, column, base, kind, std::move(ref));
    p.node->value = std::move(v);
    return p;
  }

  // An operator's result (a condition or a number), starting at `column`; adopt() adds its
  // operands, checked() then makes sure it is not nested too deeply.
  static Parsed operation(Op op, std::size_t column, Type::Base base) {
    Parsed out;
    out.column = column;
    out.node = std::make_unique<Node>(op);
    out.type.base = base;
    out.kind = base == Type::Base::boolean ? "condition" : "number";
    return out;
  }
  static void adopt(Parsed& out, Parsed& operand) {
    out.depth = std::max(out.depth, operand.depth + 1);
    out.node->kids.push_back(std::move(operand.node));
  }
  Parsed checked(Parsed p) {
    if (p.depth > Expression::max_depth) {
      too_deep(p.column);
      return {};
    }
    return p;
  }
  // An operator over one or two operands (moved from).
  Parsed combine(Op op, std::size_t column, Type::Base base, Parsed& first, Parsed* second = nullptr) {
    Parsed out = operation(op, column, base);
    adopt(out, first);
    if (second) adopt(out, *second);
    return checked(std::move(out));
  }

  // ---- type checks
  // Every operand must be an ordinary value: not a whole matrix, not a list of numbers.
  [[nodiscard]] bool require_value(const Parsed& p) {
    if (!checks_kinds) return true;
    if (p.type.base == Type::Base::matrix) return refuse(p.column, "matrix", {{"ref", p.ref}});
    if (p.type.base == Type::Base::list && p.type.elem == Type::Elem::numbers) return refuse(p.column, "number-list");
    return true;
  }

  /// `what` (a condition expected, `p` got), with a hint when `p` is a question: `what` + "-hint"
  /// says how to make a condition of it (`example`).
  bool refuse_condition(const Parsed& p, const char* what, std::initializer_list<Param> params) {
    Detail detail(params);
    detail.operand("got", p.kind, p.ref);
    if (p.node->op != Op::question) return refuse(p.column, what, detail);
    const std::string& ref = p.ref;
    if (writes_texts) detail.params.emplace("example", p.type.base == Type::Base::list     ? cat({"'a' in ", ref})
                                     : p.type.base == Type::Base::string ? cat({ref, " == 'a'"})
                                                                         : cat({ref, " > 3"}));
    return refuse(p.column, std::string_view(what) == "expected-condition" ? "expected-condition-hint" : "needs-condition-hint", detail);
  }

  [[nodiscard]] bool require_condition(const Parsed& p, std::string_view op) {
    if (!checks_kinds) return true;
    if (!require_value(p)) return false;
    if (p.type.base != Type::Base::boolean && p.type.base != Type::Base::null) return refuse_condition(p, "needs-condition", {{"operator", op}});
    return true;
  }

  [[nodiscard]] bool require_number(const Parsed& p, std::string_view op) {
    if (!checks_kinds) return true;
    if (!require_value(p)) return false;
    if (p.type.base == Type::Base::number || p.type.base == Type::Base::null) return true;
    const bool ordering = op == "<" || op == "<=" || op == ">" || op == ">=";
    return refuse(p.column, ordering && p.type.base == Type::Base::string ? "needs-numbers-order" : "needs-numbers",
                  Detail{{"operator", op}}.operand("got", p.kind, p.ref));
  }

  // A string literal (or a list literal's strings) compared with an option id or a level.
  [[nodiscard]] bool check_domain(const Parsed& literal_side, const Parsed& domain_side) {
    if (!checks_kinds) return true;
    const Type& domain = domain_side.type;
    if (!(domain.options || domain.levels) || !literal_side.literal) return true;
    for (const auto& [value, column] : literal_side.literals) {
      if (domain.options) {
        if (!contains(*domain.options, value))
          return refuse(column, "unknown-option", {{"ref", domain_side.ref}, {"option", value}, {"allowed", joined(*domain.options)},
                                                   {"count", std::to_string(domain.options->size())}});
      } else if (!schema_.level || !schema_.level(value)) {
        return refuse(column, "unknown-level", {{"level", value}});
      }
    }
    return true;
  }

  // Each side's literals against the other side's domain.
  [[nodiscard]] bool check_domains(const Parsed& l, const Parsed& r) { return check_domain(r, l) && check_domain(l, r); }

  // ---- grammar
  Parsed parse_or() { return parse_chain("or", Op::or_, &Parser::parse_and); }
  Parsed parse_and() { return parse_chain("and", Op::and_, &Parser::parse_not); }

  Parsed parse_chain(const char* word, Op op, Parsed (Parser::*operand)()) {
    Parsed first = (this->*operand)();
    if (failed()) return {};
    if (!at_word(word)) return first;
    if (!require_condition(first, word)) return {};
    Parsed out = operation(op, first.column, Type::Base::boolean);
    adopt(out, first);
    while (at_word(word)) {
      take();
      if (!expect_more("condition", word)) return {};
      Parsed next = (this->*operand)();
      if (failed() || !require_condition(next, word)) return {};
      adopt(out, next);
    }
    return checked(std::move(out));
  }

  Parsed parse_not() {
    if (!at_word("not")) return parse_comparison();
    const Token& t = take();
    Nest nest(*this, t.column);
    if (failed()) return {};
    if (!expect_more("condition", "not")) return {};
    Parsed operand = parse_not();
    if (failed() || !require_condition(operand, "not")) return {};
    return combine(Op::not_, t.column, Type::Base::boolean, operand);
  }

  static bool is_comparison(K k) {
    return k == K::eq || k == K::ne || k == K::lt || k == K::le || k == K::gt || k == K::ge;
  }

  Parsed parse_comparison() {
    Parsed left = parse_additive();
    if (failed()) return {};
    const bool in = at_word("in");
    if (!is_comparison(peek().kind) && !in) {
      if (at_word("not") && pos_ + 1 < tokens_.size() && tokens_[pos_ + 1].kind == K::word && tokens_[pos_ + 1].text == "in")
        return fail(peek().column, "not-in");
      return left;
    }
    const Token& op = take();
    const std::string_view sym = in ? "in" : symbol(op.kind);
    if (!expect_more("value", sym)) return {};
    Parsed right = parse_additive();
    if (failed()) return {};
    if (is_comparison(peek().kind) || at_word("in"))
      return fail(peek().column, "chained-comparison");

    Op node_op;
    if (in) {
      if (!check_in(left, right, op.column)) return {};
      node_op = Op::in;
    } else if (op.kind == K::eq || op.kind == K::ne) {
      if (!check_equality(left, right, op.column, sym)) return {};
      node_op = op.kind == K::eq ? Op::eq : Op::ne;
    } else {
      if (!require_number(left, sym) || !require_number(right, sym)) return {};
      node_op = op.kind == K::lt ? Op::lt : op.kind == K::le ? Op::le : op.kind == K::gt ? Op::gt : Op::ge;
    }
    return combine(node_op, left.column, Type::Base::boolean, left, &right);
  }

  [[nodiscard]] bool check_equality(const Parsed& l, const Parsed& r, std::size_t column, std::string_view sym) {
    if (!checks_kinds) return true;
    if (!require_value(l) || !require_value(r)) return false;
    const auto lb = l.type.base, rb = r.type.base;
    if (lb == Type::Base::null || rb == Type::Base::null) return true;  // always false at run time
    if (lb != rb) {
      Detail detail{{"operator", sym}};
      detail.operand("left", l.kind, l.ref).operand("right", r.kind, r.ref);
      if (lb == Type::Base::list && rb == Type::Base::string) detail.params.emplace("example", cat({r.ref, " in ", l.ref}));
      else if (rb == Type::Base::list && lb == Type::Base::string) detail.params.emplace("example", cat({l.ref, " in ", r.ref}));
      return refuse(column, detail.params.count("example") ? "different-kinds-option" : "different-kinds", detail);
    }
    return check_domains(l, r);
  }

  [[nodiscard]] bool check_in(const Parsed& l, const Parsed& r, std::size_t column) {
    if (!checks_kinds) return true;
    if (!require_value(l)) return false;
    if (r.type.base == Type::Base::matrix) return refuse(r.column, "matrix", {{"ref", r.ref}});
    const auto lb = l.type.base;
    if (lb == Type::Base::list) return refuse(l.column, "in-list", {{"ref", l.ref}});
    if (lb == Type::Base::boolean) return refuse(l.column, "in-boolean", Detail{}.operand("got", l.kind, l.ref));
    if (r.type.base == Type::Base::null) return true;
    if (r.type.base != Type::Base::list) return refuse(r.column, "in-needs-list", Detail{}.operand("got", r.kind, r.ref));
    if (lb == Type::Base::null || r.type.elem == Type::Elem::none) return true;
    const bool number_in_strings = lb == Type::Base::number && r.type.elem == Type::Elem::strings;
    if (number_in_strings || (lb == Type::Base::string && r.type.elem == Type::Elem::numbers))
      return refuse(column, number_in_strings ? "number-in-strings" : "string-in-numbers",
                    Detail{}.operand("left", l.kind, l.ref).operand("right", r.kind, r.ref));
    return check_domains(l, r);
  }

  // One precedence level of left-associative arithmetic: `+ -` over `* /` over unary.
  Parsed parse_arithmetic(K first, K second, Parsed (Parser::*operand)()) {
    Parsed left = (this->*operand)();
    if (failed()) return {};
    while (peek().kind == first || peek().kind == second) {
      const K kind = take().kind;
      const std::string_view sym = symbol(kind);
      if (!require_number(left, sym)) return {};
      if (!expect_more("number", sym)) return {};
      Parsed right = (this->*operand)();
      if (failed() || !require_number(right, sym)) return {};
      const Op op = kind == K::plus ? Op::add : kind == K::minus ? Op::sub : kind == K::star ? Op::mul : Op::div;
      left = combine(op, left.column, Type::Base::number, left, &right);
      if (failed()) return {};
    }
    return left;
  }

  Parsed parse_additive() { return parse_arithmetic(K::plus, K::minus, &Parser::parse_multiplicative); }
  Parsed parse_multiplicative() { return parse_arithmetic(K::star, K::slash, &Parser::parse_unary); }

  Parsed parse_unary() {
    if (peek().kind != K::minus) return parse_primary();
    const Token& t = take();
    Nest nest(*this, t.column);
    if (failed()) return {};
    if (!expect_more("number", "-")) return {};
    Parsed operand = parse_unary();
    if (failed() || !require_number(operand, "-")) return {};
    // Fold a negative literal so that `-3` stays a literal (lists, messages).
    if (operand.node->op == Op::literal && std::holds_alternative<double>(operand.node->value)) {
      double& value = std::get<double>(operand.node->value);
      value = -value;
      operand.column = t.column;
      operand.ref = number_text(value);
      operand.kind = "number-literal";
      return operand;
    }
    return combine(Op::negate, t.column, Type::Base::number, operand);
  }

  Parsed parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
      case K::number: {
        take();
        const std::string text = number_text(t.number);
        return literal(t.number, Type::Base::number, t.column, "number-literal", text);
      }
      case K::string: {
        take();
        Parsed p = literal(t.text, Type::Base::string, t.column, "string-literal", quoted(t.text));
        p.literal = true;
        p.literals.emplace_back(t.text, t.column);
        return p;
      }
      case K::lparen: {
        take();
        Nest nest(*this, t.column);
        if (failed()) return {};
        if (peek().kind == K::rparen) return fail(peek().column, "empty-parentheses");
        Parsed inner = parse_or();
        if (failed()) return {};
        if (peek().kind != K::rparen)
          return fail_found("unclosed-parenthesis", t.column);
        take();
        return inner;
      }
      case K::lbracket: return parse_list();
      case K::question: return parse_question();
      case K::dimension: return parse_dimension();
      case K::word: return parse_word();
      case K::end: return fail(t.column, "value-expected-end");
      default: return fail(t.column, "value-expected", token_detail("found", t));
    }
  }

  Parsed parse_list() {
    const Token& open = take();
    Nest nest(*this, open.column);
    if (failed()) return {};
    Parsed p;
    p.column = open.column;
    p.type.base = Type::Base::list;
    p.literal = true;
    List strings;
    std::vector<double> numbers;
    if (peek().kind != K::rbracket) {
      for (;;) {
        const std::size_t column = peek().column;
        const bool negative = peek().kind == K::minus;
        if (negative) take();
        const Token& item = take();
        if (item.kind == K::number) {
          if (p.type.elem == Type::Elem::strings) return fail(column, "list-mixed-string");
          p.type.elem = Type::Elem::numbers;
          numbers.push_back(negative ? -item.number : item.number);
        } else if (item.kind == K::string && !negative) {
          if (p.type.elem == Type::Elem::numbers) return fail(column, "list-mixed-number");
          p.type.elem = Type::Elem::strings;
          strings.push_back(item.text);
          p.literals.emplace_back(item.text, item.column);
        } else if (item.kind == K::lbracket) {
          return fail(item.column, "nested-list");
        } else if (item.kind == K::rbracket || item.kind == K::end) {
          return fail(item.column, "list-item-expected");
        } else {
          return fail(negative ? item.column : column, "list-item", token_detail("found", item));
        }
        if (peek().kind == K::comma) {
          take();
          continue;
        }
        if (peek().kind == K::rbracket) break;
        return fail_found("unclosed-list", open.column);
      }
    }
    take();  // ']'
    if (p.type.elem == Type::Elem::numbers) {
      p.node = std::make_unique<Node>(Op::number_list);
      p.kind = "list-numbers";
      p.ref = "[";
      for (std::size_t i = 0; i < numbers.size(); ++i) {
        if (i) p.ref += ", ";
        p.ref += number_text(numbers[i]);
      }
      p.ref += "]";
      p.node->numbers = std::move(numbers);
    } else {
      p.node = std::make_unique<Node>(Op::literal);
      p.kind = strings.empty() ? "list-empty" : "list-strings";
      p.ref = list_text(strings);
      p.node->value = std::move(strings);
    }
    return p;
  }

  void note_question(const std::string& id) {
    if (!contains(questions_, id)) questions_.push_back(id);
  }

  const Schema::Question* question(std::string_view id) const { return schema_.question ? schema_.question(id) : nullptr; }

  Parsed parse_question() {
    const Token& t = take();
    const Schema::Question* q = question(t.text);
    if (q == nullptr) {
      // `q.a-1` reads as the id "a-1": say how to subtract.
      for (std::size_t dash = t.text.find('-'); dash != std::string::npos; dash = t.text.find('-', dash + 1)) {
        const std::string_view prefix = std::string_view(t.text).substr(0, dash);
        if (question(prefix)) return fail(t.id_column, "unknown-question-dash", {{"question", t.text}, {"prefix", prefix}});
      }
      return fail(t.id_column, "unknown-question", {{"question", t.text}});
    }
    note_question(t.text);
    Parsed p;
    p.column = t.column;
    p.ref = t.row ? cat({"q.", t.text, ".", *t.row}) : cat({"q.", t.text});
    p.node = std::make_unique<Node>(Op::question);
    p.node->id = t.text;
    if (t.row) {
      if (q->kind != QuestionType::matrix) return fail(t.row_column, "not-matrix", {{"question", t.text}});
      if (!contains(q->rows, *t.row))
        return fail(t.row_column, "unknown-row",
                    {{"question", t.text}, {"row", *t.row}, {"allowed", joined(q->rows)}, {"count", std::to_string(q->rows.size())}});
      p.node->row = *t.row;
      p.type.base = Type::Base::string;
      p.type.options = &q->options;
      p.kind = "option";
    } else {
      switch (q->kind) {
        case QuestionType::matrix:
          p.node->op = Op::matrix;
          p.node->rows = q->rows;
          p.type.base = Type::Base::matrix;
          p.kind = "matrix";
          break;
        case QuestionType::single:
        case QuestionType::scale:
          p.type.base = Type::Base::string;
          p.type.options = &q->options;
          p.kind = "option";
          break;
        case QuestionType::multiple:
          p.type.base = Type::Base::list;
          p.type.elem = Type::Elem::strings;
          p.type.options = &q->options;
          p.kind = "options";
          break;
        case QuestionType::number:
          p.type.base = Type::Base::number;
          p.kind = "number-ref";
          break;
        case QuestionType::text:
          p.type.base = Type::Base::string;
          p.kind = "text";
          break;
      }
    }
    return p;
  }

  // dim.*, index and level: `name` (in two parts) is not allowed where scores are not.
  [[nodiscard]] bool require_scores(const Token& t, std::string_view name, std::string_view id = {}) {
    if (!checks_kinds) return true;
    if (!schema_.allow_scores)
      return refuse(t.column, "scores-in-visibility", {{"name", cat({name, id})}});
    return true;
  }

  Parsed parse_dimension() {
    const Token& t = take();
    if (!require_scores(t, "dim.", t.text)) return {};
    if (!schema_.dimension || !schema_.dimension(t.text)) return fail(t.id_column, "unknown-dimension", {{"dimension", t.text}});
    Parsed p = leaf(Op::dimension, t.column, Type::Base::number, "number-ref", cat({"dim.", t.text}));
    p.node->id = t.text;
    return p;
  }

  Parsed parse_word() {
    const Token& t = take();
    const std::string& w = t.text;
    if (w == "true" || w == "false") return literal(w == "true", Type::Base::boolean, t.column, "written", w);
    if (w == "null") return literal(Null{}, Type::Base::null, t.column, "written", "null");
    if (w == "index") {
      if (!require_scores(t, "index")) return {};
      return leaf(Op::index, t.column, Type::Base::number, "number-ref", "index");
    }
    if (w == "level") {
      if (!require_scores(t, "level")) return {};
      Parsed p = leaf(Op::level, t.column, Type::Base::string, "level", "level");
      p.type.levels = true;
      return p;
    }
    if (w == "answered" || w == "count") return parse_function(t);
    if (w == "and" || w == "or" || w == "in") return fail(t.column, "value-before", {{"word", w}});
    // `1 + not x`, `a == not b`: `not` binds looser than comparisons.
    if (w == "not") return fail(t.column, "not-after-operator");
    if (w == "q" || w == "dim") return fail(t.column, w == "q" ? "question-expected" : "dimension-expected");
    if (!keyword_case(t)) return {};
    return fail(t.column, "unknown-name", {{"name", w}});
  }

  // `AND`, `True`…: keywords are lowercase.
  [[nodiscard]] bool keyword_case(const Token& t) {
    std::string lower = t.text;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    static const char* const keywords[] = {"and", "or", "not", "in", "true", "false", "null", "index", "level", "answered", "count"};
    for (const char* k : keywords)
      if (lower == k && t.text != k) return refuse(t.column, "keyword-case", {{"name", t.text}, {"keyword", k}});
    return true;
  }

  Parsed parse_function(const Token& name) {
    const bool answered = name.text == "answered";
    if (peek().kind != K::lparen) return fail(peek().column, "call-parenthesis", {{"function", name.text}});
    const Token& open = take();
    Nest nest(*this, open.column);
    if (failed()) return {};
    if (peek().kind != K::question)
      return fail(peek().column, "call-argument", token_detail("found", peek(), {{"function", name.text}}));
    Parsed arg = parse_question();
    if (failed()) return {};
    if (peek().kind != K::rparen)
      return fail_found("unclosed-call", open.column, {{"function", name.text}});
    take();
    if (checks_kinds && !answered && arg.type.base != Type::Base::list && arg.type.base != Type::Base::matrix)
      return fail(arg.column, "count-argument", Detail{}.operand("got", arg.kind, arg.ref));
    return combine(answered ? Op::answered : Op::count, name.column, answered ? Type::Base::boolean : Type::Base::number, arg);
  }

  std::vector<Token> tokens_;  // never empty: the last one is the end
  std::size_t pos_ = 0;
  const Schema& schema_;
  std::vector<std::string>& questions_;
  int nesting_ = 0;
  std::optional<Failure> failure_;
};

// ---------------------------------------------------------------------------------------------
// Evaluation

Value finite(double d) { return std::isfinite(d) ? Value{d} : Value{Null{}}; }

// Values from the environment: a non-finite number is no number.
Value clean(Value v) {
  if (const auto* d = std::get_if<double>(&v); d && !std::isfinite(*d)) return Null{};
  return v;
}

bool is_null(const Value& v) { return std::holds_alternative<Null>(v); }

// The answer to question `id`, or to one row of a matrix.
Value answer(const Env& env, const std::string& id, const std::string* row) {
  return clean(env.answer(id, row ? std::optional<std::string_view>(*row) : std::nullopt));
}

bool is_answered(const Value& v) {
  if (is_null(v)) return false;
  if (const auto* s = std::get_if<std::string>(&v)) return !s->empty();
  if (const auto* l = std::get_if<List>(&v)) return !l->empty();
  return true;
}

bool same(const Value& a, const Value& b) {
  if (a.index() != b.index()) return false;
  if (const auto* la = std::get_if<List>(&a)) {
    // Lists are sets of option ids: order and repetitions do not matter. Two are the same when each
    // holds every id of the other (a question's few options: no copy, nothing sorted).
    const List& lb = std::get<List>(b);
    const auto within = [](const List& x, const List& y) {
      return std::all_of(x.begin(), x.end(), [&y](const std::string& id) { return contains(y, id); });
    };
    return within(*la, lb) && within(lb, *la);
  }
  return a == b;
}

Value eval(const Node& n, const Env& env);

bool member(const Node& n, const Env& env) {
  const Value needle = eval(*n.kids[0], env);
  const Node& hay = *n.kids[1];
  if (hay.op == Op::number_list) {
    const auto* d = std::get_if<double>(&needle);
    return d != nullptr && std::find(hay.numbers.begin(), hay.numbers.end(), *d) != hay.numbers.end();
  }
  const auto* s = std::get_if<std::string>(&needle);
  if (s == nullptr) return false;
  if (hay.op == Op::literal) {  // a list written in the expression: read where it stands, not copied
    const auto* l = std::get_if<List>(&hay.value);
    return l != nullptr && contains(*l, *s);
  }
  const Value list = eval(hay, env);
  const auto* l = std::get_if<List>(&list);
  return l != nullptr && contains(*l, *s);
}

bool compare(const Node& n, const Env& env) {
  const Value a = eval(*n.kids[0], env);
  const Value b = eval(*n.kids[1], env);
  if (is_null(a) || is_null(b)) return false;
  switch (n.op) {
    case Op::eq: return same(a, b);
    case Op::ne: return a.index() == b.index() && !same(a, b);
    default: break;
  }
  const auto* x = std::get_if<double>(&a);
  const auto* y = std::get_if<double>(&b);
  if (x == nullptr || y == nullptr) return false;
  switch (n.op) {
    case Op::lt: return *x < *y;
    case Op::le: return *x <= *y;
    case Op::gt: return *x > *y;
    case Op::ge: return *x >= *y;
    default: return false;
  }
}

Value arithmetic(const Node& n, const Env& env) {
  const Value a = eval(*n.kids[0], env);
  const auto* x = std::get_if<double>(&a);
  if (x == nullptr) return Null{};
  const Value b = eval(*n.kids[1], env);
  const auto* y = std::get_if<double>(&b);
  if (y == nullptr) return Null{};
  switch (n.op) {
    case Op::add: return finite(*x + *y);
    case Op::sub: return finite(*x - *y);
    case Op::mul: return finite(*x * *y);
    case Op::div: return *y == 0 ? Value{Null{}} : finite(*x / *y);
    default: return Null{};
  }
}

bool truthy(const Value& v) {
  const auto* b = std::get_if<bool>(&v);
  return b != nullptr && *b;
}

Value eval(const Node& n, const Env& env) {
  switch (n.op) {
    case Op::literal: return n.value;
    case Op::number_list: return Null{};  // only read through `in`
    case Op::question: return answer(env, n.id, n.row ? &*n.row : nullptr);
    case Op::matrix: return Null{};  // only read through answered() / count()
    case Op::dimension: return clean(env.dimension(n.id));
    case Op::index: return clean(env.index());
    case Op::level: {
      Value v = env.level();
      return std::holds_alternative<std::string>(v) ? v : Value{Null{}};
    }
    case Op::answered: {
      const Node& ref = *n.kids[0];
      if (ref.op == Op::matrix) {
        for (const auto& row : ref.rows)
          if (is_answered(answer(env, ref.id, &row))) return true;
        return false;
      }
      return is_answered(eval(ref, env));
    }
    case Op::count: {
      const Node& ref = *n.kids[0];
      if (ref.op == Op::matrix) {
        double answered = 0;
        for (const auto& row : ref.rows)
          if (is_answered(answer(env, ref.id, &row))) ++answered;
        return answered;
      }
      const Value v = eval(ref, env);
      const auto* l = std::get_if<List>(&v);
      return l == nullptr ? 0.0 : static_cast<double>(l->size());
    }
    case Op::negate: {
      const Value v = eval(*n.kids[0], env);
      const auto* d = std::get_if<double>(&v);
      return d == nullptr ? Value{Null{}} : finite(-*d);
    }
    case Op::not_: return !truthy(eval(*n.kids[0], env));
    case Op::and_:
      for (const auto& k : n.kids)
        if (!truthy(eval(*k, env))) return false;
      return true;
    case Op::or_:
      for (const auto& k : n.kids)
        if (truthy(eval(*k, env))) return true;
      return false;
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: return compare(n, env);
    case Op::in: return member(n, env);
    case Op::add:
    case Op::sub:
    case Op::mul:
    case Op::div: return arithmetic(n, env);
  }
  return Null{};
}

Error error(const Failure& f) {
  Error e{f.column, cat({"questionnaire.expression.", f.what}), f.params, {}};
  e.message = message(e.code, e.params, "en");
  return e;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::variant<Expression, Error> Expression::parse(std::string_view source, const Schema& schema) {
  if (source.size() > max_length) {
    // Column of the first character past the limit.
    std::size_t column = 1;
    for (std::size_t i = 0; i < max_length; ++i)
      if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++column;
    return error(Failure{column, "too-long", Detail{{"length", std::to_string(source.size())}, {"maximum", std::to_string(max_length)}}.params});
  }
  Lexer lexer(source);
  std::vector<Token> tokens = lexer.tokens();
  if (const auto& f = lexer.failure()) return error(*f);
  Expression e;
  Parser parser(std::move(tokens), schema, e.questions_);
  Parsed p = parser.parse_all();
  if (const auto& f = parser.failure()) return error(*f);
  e.root_ = std::shared_ptr<const Node>(std::move(p.node));
  e.source_ = std::string(source);
  return e;
}

Value Expression::evaluate(const Env& env) const {
  if (!root_) return Null{};
  return eval(*root_, env);
}

bool Expression::test(const Env& env) const { return truthy(evaluate(env)); }

std::string to_string(const Value& value) {
  struct Visitor {
    std::string operator()(const Null&) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(double d) const {
      if (!std::isfinite(d)) return std::isnan(d) ? "nan" : (d > 0 ? "inf" : "-inf");
      return number_text(d);
    }
    std::string operator()(const std::string& s) const { return quoted(s); }
    std::string operator()(const List& l) const { return list_text(l); }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace catalyse::expr
