// The participant page (/e/CODE) as the event server sends it: web/event/index.html with the event
// in it, so that the first question is answerable before any script has arrived. The page carries
// the event's description (what GET /api/v1/events/CODE answers) as a JSON data block, and the
// questionnaire's first section as a plain form inside <catalyse-survey>'s light DOM; the widget
// takes its answers over when it starts (web/event/fallback.js). Every text from the event or its
// questionnaire is escaped here: nothing an organiser writes becomes markup or script.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace catalyse::server {

/// `text` for HTML element content and quoted attribute values: & < > " ' as character references.
std::string html_escape(std::string_view text);

/// JSON text made safe inside <script type="application/json">: < > & and U+2028/U+2029 become
/// \u escapes (they only occur inside JSON strings, where the escape means the same character).
std::string script_json(std::string_view json_text);

/// The page's language: `requested` (?lang=) when the event offers it, else the first language of
/// Accept-Language it offers, else its first.
std::string page_language(std::string_view requested, std::string_view accept_language,
                          const std::vector<std::string>& offered);

/// The first section of a questionnaire (JSON text) in `lang`, as a plain form: its title, intro
/// and the questions shown before any answer (no visibility condition), with the same controls as
/// the widget, and a line saying that sending needs JavaScript. Empty when the document has no
/// section it can draw.
std::string fallback_form(std::string_view questionnaire, std::string_view lang);

struct PageEvent {
  std::string name;
  std::string lang;                 // the page's language
  std::string info_json;            // the event's description (JSON text)
  bool open = true;                 // false: closed, no form
  std::string questionnaire;        // JSON text
  std::string questionnaire_url;    // where the page's script fetches the questionnaire's text ("": nowhere)
  std::string script_url;           // the page's script instead of the template's /dist/event.js ("": that one)
};

/// `page_template` (web/event/index.html) with the event in it, and the questionnaire's address and
/// the trusting core's announced to the browser (fetch preloads, taken up by the page's fetches); nullopt when the template lacks
/// one of the places the event goes (then it is sent as it is, and the page asks the API).
std::optional<std::string> participant_page(std::string_view page_template, const PageEvent& event);

}  // namespace catalyse::server
