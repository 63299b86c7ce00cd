#include "event_page.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace catalyse::server {
namespace {

using json = nlohmann::json;

/// A questionnaire Text ({fr, en} or a string) in `lang`, else in the first of `fallbacks`, else any.
std::string pick(const json& text, std::string_view lang, const std::vector<std::string>& fallbacks) {
  if (text.is_string()) return text.get<std::string>();
  if (!text.is_object()) return {};
  auto in = [&](std::string_view l) -> const json* {
    auto it = text.find(std::string(l));
    return it != text.end() && it->is_string() ? &*it : nullptr;
  };
  if (const json* t = in(lang)) return t->get<std::string>();
  for (const auto& l : fallbacks)
    if (const json* t = in(l)) return t->get<std::string>();
  for (const auto& [key, value] : text.items())
    if (value.is_string()) return value.get<std::string>();
  return {};
}

std::string number_text(const json& value) {
  if (!value.is_number()) return {};
  double x = value.get<double>();
  if (!std::isfinite(x)) return {};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", x);
  return buffer;
}

struct Words {
  const char* required;
  const char* required_legend;
  const char* several;
  const char* needs_script;
  const char* step_of;  // "{current}" is 1, "{total}" the number of sections shown
  // The widget's header (web/src/i18n.js: introMore, storedNote, erase), so that it takes the
  // plain form's place without moving the questions.
  const char* intro_more;
  const char* stored;
  const char* erase;
};

const Words& words(std::string_view lang) {
  static const Words fr{"obligatoire", "Les questions marquées * sont obligatoires.", "Plusieurs réponses possibles.",
                        "Cette page a besoin de JavaScript pour envoyer vos réponses et pour afficher les questions suivantes.",
                        "Étape 1 sur {total}", "Lire la présentation", "Vos réponses restent sur cet appareil, pour reprendre plus tard.",
                        "Effacer mes réponses"};
  static const Words en{"required", "Questions marked * are required.", "Several answers possible.",
                        "This page needs JavaScript to send your answers and to show the next questions.",
                        "Step 1 of {total}", "Read the introduction", "Your answers stay on this device, so you can come back later.",
                        "Erase my answers"};
  return lang == "en" ? en : fr;
}

/// Writes the form. Every text goes through html_escape; ids and names are made of the
/// questionnaire's ids, escaped as attribute values.
class FormWriter {
 public:
  FormWriter(const json& doc, std::string_view lang) : doc_(doc), lang_(lang), w_(words(lang)) {
    if (doc.contains("languages") && doc["languages"].is_array())
      for (const auto& l : doc["languages"])
        if (l.is_string()) fallbacks_.push_back(l.get<std::string>());
  }

  std::string write() {
    const json* sections = member(doc_, "sections");
    if (!sections || !sections->is_array() || sections->empty() || !(*sections)[0].is_object()) return {};
    const json& section = (*sections)[0];
    // method="dialog" outside a dialog: Enter in a field submits nothing (no reload, nothing lost).
    // The form is the widget's .root: the widget's rules style it (web/event/event.css).
    out_ += R"(<form class="fallback root" id="fallback" method="dialog" novalidate>)";
    // The widget's header, with the same parts: its title, its intro (cut to two lines on a phone,
    // "more" opens it: web/event/fallback.js), where the person is, and the line on what the device
    // keeps (here "erase" empties the form: nothing is kept before the widget starts).
    out_ += R"(<header class="head"><h2 class="title">)" + text(member(doc_, "title")) + "</h2>";
    if (const json* intro = member(doc_, "intro"))
      out_ += R"(<p class="intro" id="fallback-intro">)" + text(intro) +
              R"(</p><button type="button" class="erase intro-more" aria-expanded="false" aria-controls="fallback-intro">)" +
              html_escape(w_.intro_more) + "</button>";
    // Where the person is, as the widget says it: the sections that show a question before any answer.
    std::size_t total = 0;
    for (const auto& s : *sections) {
      const json* qs = member(s, "questions");
      if (qs && qs->is_array() && std::any_of(qs->begin(), qs->end(), [](const json& q) { return q.is_object() && !q.contains("visibleIf"); })) ++total;
    }
    std::string step = w_.step_of;
    step.replace(step.find("{total}"), 7, std::to_string(std::max<std::size_t>(total, 1)));
    out_ += R"(<div class="progress"><p class="progress-text">)" + html_escape(step) +
            R"(</p><div class="progress-track" aria-hidden="true"></div><p class="privacy">)" + html_escape(w_.stored) +
            R"( <button type="reset" class="erase">)" + html_escape(w_.erase) + "</button></p></div></header>";
    out_ += R"(<div class="layout"><div class="form-column">)";
    out_ += R"(<noscript><p class="needs-script">)" + html_escape(w_.needs_script) + "</p></noscript>";
    out_ += R"(<section class="section" aria-labelledby="fallback-s0"><div class="section-head">)";
    out_ += R"(<h3 class="section-title" id="fallback-s0">)" + text(member(section, "title")) + "</h3>";
    if (const json* intro = member(section, "intro")) out_ += R"(<p class="section-intro">)" + text(intro) + "</p>";
    const json* questions = member(section, "questions");
    std::vector<const json*> shown;
    if (questions && questions->is_array())
      for (const auto& q : *questions)
        if (q.is_object() && !q.contains("visibleIf") && id_of(q).size()) shown.push_back(&q);
    bool required = std::any_of(shown.begin(), shown.end(), [](const json* q) { return flag(*q, "required"); });
    if (required) out_ += R"(<p class="required-legend">)" + html_escape(w_.required_legend) + "</p>";
    out_ += "</div>";
    for (const json* q : shown) question(*q);
    out_ += "</section></div></div></form>";
    return out_;
  }

 private:
  static const json* member(const json& object, const char* name) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
  }
  static bool flag(const json& object, const char* name) {
    const json* v = member(object, name);
    return v && v->is_boolean() && v->get<bool>();
  }
  static std::string id_of(const json& object) {
    const json* id = member(object, "id");
    return id && id->is_string() ? id->get<std::string>() : std::string();
  }
  std::string text(const json* value) const { return value ? html_escape(pick(*value, lang_, fallbacks_)) : std::string(); }

  void question(const json& q) {
    const json* type_member = member(q, "type");
    const std::string type = type_member && type_member->is_string() ? type_member->get<std::string>() : "";
    const std::string id = html_escape(id_of(q));
    const std::string base = "fallback-" + id;
    const bool required = flag(q, "required");
    const json* help = member(q, "help");
    const std::string mark = required
        ? std::string(R"(<span class="mark" aria-hidden="true">*</span><span class="sr-only"> ()") + html_escape(w_.required) + ")</span>"
        : std::string();
    const std::string help_html = help ? R"(<p class="help" id=")" + base + R"(-help">)" + text(help) + "</p>" : "";
    const std::string described = help ? R"( aria-describedby=")" + base + R"(-help")" : "";
    const std::string data = R"( data-question=")" + id + R"(" data-type=")" + html_escape(type) + '"';
    if (type == "single" || type == "scale" || type == "multiple") {
      const bool multiple = type == "multiple";
      out_ += R"(<fieldset class="question")" + data + described + R"(><legend><span class="question-text">)" +
              text(member(q, "text")) + "</span>" + mark + "</legend>" + help_html;
      if (multiple) out_ += R"(<p class="hint">)" + html_escape(w_.several) + "</p>";
      out_ += type == "scale" ? R"(<div class="options scale">)" : R"(<div class="options">)";
      options(q, multiple ? "checkbox" : "radio", base + "-choice", described);
      out_ += "</div></fieldset>";
    } else if (type == "matrix") {
      out_ += R"(<fieldset class="question")" + data + described + R"(><legend><span class="question-text">)" +
              text(member(q, "text")) + "</span>" + mark + "</legend>" + help_html + R"(<div class="matrix">)";
      if (const json* rows = member(q, "rows"); rows && rows->is_array()) {
        for (const auto& row : *rows) {
          if (!row.is_object() || id_of(row).empty()) continue;
          const std::string row_id = html_escape(id_of(row));
          out_ += R"(<fieldset class="matrix-row" data-row=")" + row_id + R"("><legend>)" + text(member(row, "label")) +
                  R"(</legend><div class="options">)";
          options(q, "radio", base + "-" + row_id, "");
          out_ += "</div></fieldset>";
        }
      }
      out_ += "</div></fieldset>";
    } else if (type == "number" || type == "text") {
      out_ += R"(<div class="question" role="group" aria-labelledby=")" + base + R"(-text")" + data + R"(><label class="question-text" id=")" +
              base + R"(-text" for=")" + base + R"(-input">)" + text(member(q, "text")) + mark + "</label>" + help_html;
      const std::string common = R"( id=")" + base + R"(-input" name=")" + id + '"' + described + (required ? " required" : "");
      if (type == "number") {
        std::string attrs;
        if (const json* min = member(q, "min"); min && !number_text(*min).empty()) attrs += R"( min=")" + number_text(*min) + '"';
        if (const json* max = member(q, "max"); max && !number_text(*max).empty()) attrs += R"( max=")" + number_text(*max) + '"';
        attrs += flag(q, "integer") ? R"( step="1" inputmode="numeric")" : R"( step="any" inputmode="decimal")";
        out_ += R"(<div class="number-row"><input type="number" class="number")" + common + attrs + ">";
        if (const json* unit = member(q, "unit")) out_ += R"(<span class="unit">)" + text(unit) + "</span>";
        out_ += "</div>";
      } else {
        std::string length = "2000";
        if (const json* max = member(q, "maxLength"); max && max->is_number_integer()) length = std::to_string(max->get<long long>());
        out_ += "<textarea" + common + R"( rows="4" maxlength=")" + length + R"("></textarea>)";
      }
      out_ += "</div>";
    }
  }

  void options(const json& q, const char* type, const std::string& name, const std::string& described) {
    const json* list = member(q, "options");
    if (!list || !list->is_array()) return;
    for (const auto& option : *list) {
      if (!option.is_object() || id_of(option).empty()) continue;
      out_ += std::string(R"(<label class="option)") + (flag(option, "dontKnow") ? " dont-know" : "") + R"("><input type=")" + type +
              R"(" name=")" + name + R"(" value=")" + html_escape(id_of(option)) + '"' + described + R"(><span class="label-text">)" +
              text(member(option, "label")) + "</span></label>";
    }
  }

  const json& doc_;
  std::string lang_;
  const Words& w_;
  std::vector<std::string> fallbacks_;
  std::string out_;
};

/// Replaces the one occurrence of `mark` in `page`; false when it is not there.
bool put(std::string& page, std::string_view mark, std::string_view by) {
  auto at = page.find(mark);
  if (at == std::string::npos) return false;
  page.replace(at, mark.size(), by);
  return true;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string script_json(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size() + 16);
  for (std::size_t i = 0; i < json_text.size(); ++i) {
    char c = json_text[i];
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    // U+2028 and U+2029 (E2 80 A8 / E2 80 A9 in UTF-8)
    else if (c == '\xE2' && i + 2 < json_text.size() && json_text[i + 1] == '\x80' && (json_text[i + 2] == '\xA8' || json_text[i + 2] == '\xA9')) {
      out += json_text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else out += c;
  }
  return out;
}

std::string page_language(std::string_view requested, std::string_view accept_language, const std::vector<std::string>& offered) {
  if (offered.empty()) return "fr";
  auto primary = [](std::string_view tag) {
    std::string out;
    for (char c : tag) {
      if (c == '-' || c == '_' || c == ';' || c == ' ') break;
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  };
  auto offers = [&](const std::string& l) { return std::find(offered.begin(), offered.end(), l) != offered.end(); };
  if (std::string l = primary(requested); offers(l)) return l;
  std::size_t start = 0;
  while (start <= accept_language.size()) {
    std::size_t end = accept_language.find(',', start);
    if (end == std::string_view::npos) end = accept_language.size();
    std::string_view part = accept_language.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (std::string l = primary(part); offers(l) && part.find(";q=0") == std::string_view::npos) return l;
    start = end + 1;
  }
  return offered.front();
}

std::string fallback_form(std::string_view questionnaire, std::string_view lang) {
  json doc = json::parse(questionnaire, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return {};
  return FormWriter(doc, lang).write();
}

std::optional<std::string> participant_page(std::string_view page_template, const PageEvent& event) {
  std::string page(page_template);
  const std::string name = html_escape(event.name);
  const std::string lang = html_escape(event.lang);
  const std::string form = event.open ? fallback_form(event.questionnaire, event.lang) : std::string();
  // The widget's element, with the plain form in its light DOM (shown until the widget starts).
  std::string survey = R"(<div id="survey-slot">)";
  if (!form.empty()) survey += R"(<catalyse-survey id="survey" lang=")" + lang + R"(">)" + form + "</catalyse-survey>";
  survey += "</div>";
  const std::string info = R"(<script type="application/json" id="event-info">)" + script_json(event.info_json) + "</script>";
  // The questionnaire's text and the trusting core that reads it are fetched by the page's script
  // (web/event/widget.js, web/src/core.js: same-origin credentials, hence crossorigin): announced
  // here, they arrive alongside the script, the core after the rest (a closed event has no form:
  // no core).
  std::string preload;
  if (!event.questionnaire_url.empty())
    preload += R"(<link rel="preload" href=")" + html_escape(event.questionnaire_url) + R"(" as="fetch" crossorigin>)" "\n";
  if (!event.questionnaire_url.empty() && event.open)
    preload += R"(<link rel="preload" href="/generated/catalyse-core-trusting.wasm" as="fetch" crossorigin fetchpriority="low">)" "\n";
  bool ok = put(page, R"(<html lang="fr">)", R"(<html lang=")" + lang + R"(">)") &&
            put(page, "<title>Catalyse</title>", "<title>" + name + " — Catalyse</title>") &&
            put(page, R"(<span class="brand" id="event-name">Catalyse</span>)", R"(<span class="brand" id="event-name">)" + name + "</span>") &&
            put(page, R"(<p id="loading" class="loading">)", form.empty() ? R"(<p id="loading" class="loading">)" : R"(<p id="loading" class="loading" hidden>)") &&
            put(page, R"(<div id="survey-slot"></div>)", survey) &&
            put(page, "</body>", info + "\n</body>") &&
            put(page, "</head>", preload + "</head>") &&
            (event.script_url.empty() ||
             put(page, R"(<script type="module" src="/dist/event.js">)", R"(<script type="module" src=")" + html_escape(event.script_url) + R"(">)"));
  if (!ok) return std::nullopt;
  return page;
}

}  // namespace catalyse::server
