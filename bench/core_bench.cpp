// Native benchmark of the core's JSON facade (core/include/catalyse/api.hpp), the same calls the
// wasm binding makes: one rescoring of a questionnaire, aggregations of response exports, and
// records added one at a time to a live aggregate (the records of the first export, one per line).
//   core_bench QUESTIONNAIRE.json ANSWERS.json [--iterations N] [RECORDS.json…]
// Prints one JSON object on stdout (bench/run.mjs reads it). Times are wall-clock, steady_clock.
#include <catalyse/aggregate.hpp>
#include <catalyse/api.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double micros(clock_type::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

// The facade answers {"ok":true,…} or {"ok":false,…}; members may come in any order.
bool ok(const std::string& answer) {
  const auto j = nlohmann::json::parse(answer, nullptr, false);
  return j.is_object() && j.value("ok", false) == true;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  int iterations = 2000;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--iterations" && i + 1 < args.size()) iterations = std::max(1, std::stoi(args[++i]));
    else positional.push_back(args[i]);
  }
  if (positional.size() < 2) {
    std::cerr << "usage: core_bench QUESTIONNAIRE.json ANSWERS.json [--iterations N] [RECORDS.json...]\n";
    return 2;
  }
  const auto questionnaire_text = read_file(positional[0]);
  const auto answers = read_file(positional[1]);
  if (!questionnaire_text || !answers) {
    std::cerr << "core_bench: cannot read " << (questionnaire_text ? positional[1] : positional[0]) << '\n';
    return 2;
  }

  std::shared_ptr<const catalyse::Questionnaire> q;
  auto t0 = clock_type::now();
  const std::string loaded = catalyse::api::load(*questionnaire_text, q);
  const double load_us = micros(clock_type::now() - t0);
  if (!q) {
    std::cerr << "core_bench: questionnaire refused: " << loaded << '\n';
    return 1;
  }

  // Warm up, then time each rescoring separately.
  std::size_t sink = 0;
  for (int i = 0; i < 50; ++i) sink += catalyse::api::score(*q, *answers, "fr").size();
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    t0 = clock_type::now();
    const std::string r = catalyse::api::score(*q, *answers, "fr");
    times.push_back(micros(clock_type::now() - t0));
    sink += r.size();
  }
  const std::string first = catalyse::api::score(*q, *answers, "fr");

  std::ostringstream out;
  out << "{\"load_us\":" << load_us << ",\"rescore\":{\"ok\":" << (ok(first) ? "true" : "false")
      << ",\"iterations\":" << iterations << ",\"median_us\":" << quantile(times, 0.5)
      << ",\"p95_us\":" << quantile(times, 0.95) << ",\"min_us\":" << quantile(times, 0)
      << ",\"resultBytes\":" << first.size() << "},\"aggregate\":[";
  for (std::size_t i = 2; i < positional.size(); ++i) {
    const auto records = read_file(positional[i]);
    if (i > 2) out << ',';
    if (!records) {
      out << "{\"file\":" << quoted(positional[i]) << ",\"ok\":false,\"error\":\"unreadable\"}";
      continue;
    }
    t0 = clock_type::now();
    const std::string a = catalyse::api::aggregate(*q, *records, R"({"lang":"fr"})");
    const double ms = micros(clock_type::now() - t0) / 1000.0;
    sink += a.size();
    out << "{\"file\":" << quoted(positional[i]) << ",\"bytes\":" << records->size() << ",\"ok\":"
        << (ok(a) ? "true" : "false") << ",\"ms\":" << ms << ",\"answerBytes\":" << a.size()
        << ",\"answerHead\":" << quoted(a.substr(0, 160)) << "}";
  }
  out << "]";
  // One record added to a live aggregate: the first export's records (bench/records.mjs writes one
  // per line), each added as its own text; the mean over all of them, and the snapshot after.
  if (positional.size() > 2) {
    if (const auto records = read_file(positional[2])) {
      std::vector<std::string_view> lines;
      std::string_view rest(*records);
      while (!rest.empty()) {
        const auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        if (!line.empty() && line.back() == ',') line.remove_suffix(1);
        if (!line.empty() && line.front() == '{') lines.push_back(line);
      }
      std::unique_ptr<catalyse::aggregation::Accumulator> live;
      catalyse::api::open_aggregate(*q, R"({"lang":"fr"})", live);
      t0 = clock_type::now();
      std::size_t accepted = 0;
      for (auto line : lines) accepted += live->add(line) == catalyse::aggregation::Outcome::accepted;
      const double add_us = micros(clock_type::now() - t0) / static_cast<double>(std::max<std::size_t>(1, lines.size()));
      t0 = clock_type::now();
      const std::string snapshot = live->snapshot();
      const double snapshot_ms = micros(clock_type::now() - t0) / 1000.0;
      sink += snapshot.size();
      out << ",\"live\":{\"records\":" << lines.size() << ",\"accepted\":" << accepted << ",\"add_us\":" << add_us
          << ",\"snapshot_ms\":" << snapshot_ms << "}";
    }
  }
  out << ",\"sink\":" << sink << "}";
  std::cout << out.str() << '\n';
  return 0;
}
