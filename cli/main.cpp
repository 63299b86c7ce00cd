// catalyse: the organisers' command-line tool, built natively from the same core as the widget.
//   catalyse messages                      (the catalog of the core's messages, JSON; docs/FORMAT.md §8)
//   catalyse validate QUESTIONNAIRE.json [--lang fr]
//   catalyse score QUESTIONNAIRE.json ANSWERS.json [--lang fr]
//   catalyse aggregate QUESTIONNAIRE.json EXPORT.json… [--lang fr] [--min-group 5] [--workshop]
//            [--breakdown QUESTION]… [--actors QUESTION] [--benchmark-id ID] [--text | --benchmarks]
// --lang: the language of the result (default: the questionnaire's first) and of the errors'
// messages (fr or en; default English for a questionnaire that cannot be read).
// Prints the core's JSON answer on stdout (or, with --text, a readable report; with --benchmarks,
// only {"benchmarks":[…]}: the counts, fit to publish as the widget's benchmark file).
// Exit status: 0 when everything was read and used; 1 when the core refused the input or when
// something was reported and left out (an unreadable file, a malformed record…); 2 on a usage
// error or an unreadable questionnaire.
#include "report.hpp"

#include <catalyse/aggregate.hpp>
#include <catalyse/api.hpp>
#include <catalyse/messages.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

int usage(const std::string& why = {}) {
  if (!why.empty()) std::cerr << "catalyse: " << why << '\n';
  std::cerr << "usage:\n"
               "  catalyse messages\n"
               "  catalyse validate QUESTIONNAIRE.json [--lang fr]\n"
               "  catalyse score QUESTIONNAIRE.json ANSWERS.json [--lang fr]\n"
               "  catalyse aggregate QUESTIONNAIRE.json EXPORT.json... [--lang fr] [--min-group 5] [--workshop]\n"
               "           [--breakdown QUESTION]... [--actors QUESTION] [--benchmark-id ID] [--text | --benchmarks] [--timing]\n";
  return 2;
}

/// The file's bytes, read into one string of its size (no second copy: an export can be large).
std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  const std::streamoff size = in.tellg();
  if (size < 0) return std::nullopt;
  std::string text(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(text.data(), size)) return std::nullopt;
  return text;
}

bool ok(const std::string& answer) { return answer.rfind(R"({"ok":true)", 0) == 0; }

int emit(const std::string& answer) {
  std::cout << answer << '\n';
  return ok(answer) ? 0 : 1;
}

std::string base_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string lang;
  json options = json::object();
  std::vector<std::string> breakdowns;
  bool text = false, timing = false, benchmarks_only = false;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--lang" && has_value) {
      lang = args[++i];
    } else if (a == "--min-group" && has_value) {
      const std::string& v = args[++i];
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 1 || n > 1000000) return usage("--min-group expects a whole number (at least 5, or 3 with --workshop), got \"" + v + "\"");
      options["minGroup"] = n;
    } else if (a == "--workshop") {
      options["workshop"] = true;
    } else if (a == "--actors" && has_value) {
      options["actors"] = args[++i];
    } else if (a == "--breakdown" && has_value) {
      breakdowns.push_back(args[++i]);
    } else if (a == "--benchmark-id" && has_value) {
      options["benchmark"] = {{"id", args[++i]}};
    } else if (a == "--text") {
      text = true;
    } else if (a == "--benchmarks") {
      benchmarks_only = true;
    } else if (a == "--timing") {
      timing = true;
    } else if (a.rfind("--", 0) == 0) {
      return usage("unknown option or missing value: " + a);
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() == 1 && positional[0] == "messages") {
    std::cout << catalyse::catalog_json() << '\n';
    return 0;
  }
  if (positional.size() < 2) return usage();
  const std::string& command = positional[0];

  auto questionnaire_text = read_file(positional[1]);
  if (!questionnaire_text) {
    std::cerr << "catalyse: cannot read " << positional[1] << '\n';
    return 2;
  }
  std::shared_ptr<const catalyse::Questionnaire> questionnaire;
  const std::string loaded = catalyse::api::load(*questionnaire_text, questionnaire, lang);
  if (command == "validate" && positional.size() == 2) return emit(loaded);
  if (!questionnaire) {
    std::cerr << "catalyse: " << positional[1] << " is not a valid questionnaire\n";
    emit(loaded);
    return 2;
  }

  if (command == "score" && positional.size() == 3) {
    auto answers = read_file(positional[2]);
    if (!answers) {
      std::cerr << "catalyse: cannot read " << positional[2] << '\n';
      return 2;
    }
    return emit(catalyse::api::score(*questionnaire, *answers, lang));  // "": the questionnaire's first language
  }

  if (command != "aggregate" || positional.size() < 3) return usage();

  // Each export is read and aggregated on its own, then released: a file that cannot be read or
  // parsed is reported with its name (and line/column) and the others are still aggregated.
  if (!lang.empty()) options["lang"] = lang;
  if (!breakdowns.empty()) options["breakdowns"] = breakdowns;
  std::unique_ptr<catalyse::aggregation::Accumulator> aggregate;
  const std::string opened = catalyse::api::open_aggregate(*questionnaire, options.dump(), aggregate);
  if (!aggregate) return emit(opened);

  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> unreadable;
  std::size_t bytes = 0;
  std::chrono::steady_clock::duration reading{};
  for (std::size_t i = 2; i < positional.size(); ++i) {
    const auto before = std::chrono::steady_clock::now();
    auto content = read_file(positional[i]);
    reading += std::chrono::steady_clock::now() - before;
    if (!content) {
      unreadable.push_back(positional[i]);
      std::cerr << "catalyse: cannot read " << positional[i] << " (left out; the other files are aggregated)\n";
      continue;
    }
    bytes += content->size();
    aggregate->add_export(catalyse::aggregation::Source{base_name(positional[i]), std::move(*content)});
  }
  const std::string snapshot = aggregate->snapshot();
  const auto done = std::chrono::steady_clock::now();

  json answer = json::parse(snapshot, nullptr, false);
  if (answer.is_discarded() || !answer.value("ok", false)) return emit(snapshot);
  if (!unreadable.empty()) answer["aggregate"]["input"]["unopenedFiles"] = unreadable;
  if (text) {
    std::cout << catalyse::cli::report(answer["aggregate"]);
  } else if (benchmarks_only) {
    std::cout << json({{"benchmarks", answer["aggregate"]["benchmarks"]}}).dump(1, ' ', false, json::error_handler_t::replace) << '\n';
  } else if (unreadable.empty()) {
    std::cout << snapshot << '\n';
  } else {
    std::cout << answer.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  }
  if (timing) {
    using ms = std::chrono::duration<double, std::milli>;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::cerr << "catalyse: read " << bytes << " bytes in " << ms(reading).count() << " ms, aggregated in "
              << ms(done - started - reading).count() << " ms, peak memory " << usage.ru_maxrss << " kB\n";
  }
  const json& in = answer["aggregate"]["input"];
  const bool clean = unreadable.empty() && in["unreadableSources"] == 0 && in["malformed"] == 0 && in["conflicts"] == 0 &&
                     in["otherQuestionnaire"] == 0 && in["answerErrors"] == 0;
  return clean ? 0 : 1;
}
