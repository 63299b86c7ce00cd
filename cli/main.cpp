// catalyse: the organisers' command-line tool, built natively from the same core as the widget.
//   catalyse validate QUESTIONNAIRE.json
//   catalyse score QUESTIONNAIRE.json ANSWERS.json [--lang fr]
//   catalyse aggregate QUESTIONNAIRE.json EXPORT.json… [--lang fr] [--min-group 5]
// Prints the core's JSON answer on stdout; exit status 0 when it says "ok":true, 1 when it
// reports errors, 2 on a usage or file error.
#include <catalyse/api.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

int usage() {
  std::cerr << "usage:\n"
               "  catalyse validate QUESTIONNAIRE.json\n"
               "  catalyse score QUESTIONNAIRE.json ANSWERS.json [--lang fr]\n"
               "  catalyse aggregate QUESTIONNAIRE.json EXPORT.json... [--lang fr] [--min-group 5]\n";
  return 2;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool ok(const std::string& answer) { return answer.rfind(R"({"ok":true)", 0) == 0; }

int emit(const std::string& answer) {
  std::cout << answer << '\n';
  return ok(answer) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string lang = "fr";
  std::string min_group = "5";
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--lang" && i + 1 < args.size()) {
      lang = args[++i];
    } else if (args[i] == "--min-group" && i + 1 < args.size()) {
      min_group = args[++i];
    } else if (args[i].rfind("--", 0) == 0) {
      return usage();
    } else {
      positional.push_back(args[i]);
    }
  }
  if (positional.size() < 2) return usage();
  const std::string& command = positional[0];

  std::vector<std::string> texts;
  for (std::size_t i = 1; i < positional.size(); ++i) {
    auto text = read_file(positional[i]);
    if (!text) {
      std::cerr << "catalyse: cannot read " << positional[i] << '\n';
      return 2;
    }
    texts.push_back(std::move(*text));
  }

  std::shared_ptr<const catalyse::Questionnaire> questionnaire;
  const std::string loaded = catalyse::api::load(texts[0], questionnaire);
  if (command == "validate") return emit(loaded);
  if (!questionnaire) return emit(loaded);

  if (command == "score" && texts.size() == 2) {
    return emit(catalyse::api::score(*questionnaire, texts[1], lang));
  }
  if (command == "aggregate" && texts.size() >= 2) {
    // Several exports are concatenated into one {"sources":[…]} document for the core.
    std::string records = R"({"sources":[)";
    for (std::size_t i = 1; i < texts.size(); ++i) {
      if (i > 1) records += ',';
      records += texts[i];
    }
    records += "]}";
    return emit(catalyse::api::aggregate(*questionnaire, records,
                                         R"({"lang":")" + lang + R"(","minGroup":)" + min_group + "}"));
  }
  return usage();
}
