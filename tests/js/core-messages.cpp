// The core's own filling of its messages, for tests/js/core-messages.test.mjs (compiled there with
// the native core library).
//   core-messages catalog   one line per code: code, English template, French template (tabs)
//   core-messages fill      for each line of stdin "lang<TAB>code<TAB>name<TAB>value…", the
//                           message() of the core on one line
#include <catalyse/messages.hpp>

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode == "catalog") {
    std::size_t count = 0;
    const auto* all = catalyse::message_catalog(count);
    for (std::size_t i = 0; i < count; ++i) std::cout << all[i].code << '\t' << all[i].en << '\t' << all[i].fr << '\n';
    return 0;
  }
  if (mode != "fill") return 2;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) cells.push_back(line.substr(start, tab - start));
    cells.push_back(line.substr(start));
    catalyse::Params params;
    for (std::size_t i = 2; i + 1 < cells.size(); i += 2) params[cells[i]] = cells[i + 1];
    std::cout << catalyse::message(cells.at(1), params, cells.at(0)) << '\n';
  }
  return 0;
}
