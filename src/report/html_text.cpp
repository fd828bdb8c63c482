// The report's Markdown as HTML, and HTML escaping (html_text.hpp).
#include "report/html_text.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "leadlab/model/text.hpp"

namespace leadlab::html {
namespace {

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
  }
}

// A table of the characters with a meaning: looked up for every character of the page.
struct CharSet {
  bool in[256] = {};
  constexpr CharSet(std::string_view chars, bool controls) {
    for (const char c : chars) in[static_cast<unsigned char>(c)] = true;
    if (controls)  // C0 controls, DEL and every byte of a non-ASCII character
      for (int c = 0; c < 256; ++c) in[c] = in[c] || c < ' ' || c > '~';
  }
  constexpr bool operator()(char c) const { return in[static_cast<unsigned char>(c)]; }
};

// What inline_html must look at: mark-up, and what HTML escapes.
constexpr CharSet is_markup("\\`*&<>\"'", false);
// What append_esc must look at: what HTML escapes, and what terminal_safe may change.
constexpr CharSet is_unsafe("&<>\"'", true);

bool is_punctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

std::size_t run_of(std::string_view s, std::size_t at, char c) {
  std::size_t n = 0;
  while (at + n < s.size() && s[at + n] == c) ++n;
  return n;
}

// One line of inline Markdown (no line breaks) as HTML, appended to `out`.
void inline_html(std::string& out, std::string_view s) {
  bool strong = false;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size() && is_punctuation(s[i + 1])) {
      append_escaped(out, s[i + 1]);
      i += 2;
    } else if (c == '`') {
      const std::size_t fence = run_of(s, i, '`');
      std::size_t end = i + fence;
      while ((end = s.find('`', end)) != std::string_view::npos && run_of(s, end, '`') != fence)
        end += run_of(s, end, '`');
      if (end == std::string_view::npos) {  // no closing fence: literal backticks
        out.append(fence, '`');
        i += fence;
        continue;
      }
      std::string_view code = s.substr(i + fence, end - i - fence);
      if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ')
        code = code.substr(1, code.size() - 2);
      out += "<code>";
      append_esc(out, code);
      out += "</code>";
      i = end + fence;
    } else if (c == '*' && run_of(s, i, '*') == 2) {
      out += strong ? "</strong>" : "<strong>";
      strong = !strong;
      i += 2;
    } else if (c == '&') {
      // The entities markdown_escape writes; any other "&" is itself.
      bool entity = false;
      for (const auto& [name, ch] : {std::pair{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}}) {
        if (s.substr(i).starts_with(name)) {
          append_escaped(out, ch);
          i += std::string_view(name).size();
          entity = true;
          break;
        }
      }
      if (!entity) {
        append_escaped(out, c);
        ++i;
      }
    } else {
      // A run of plain text, at once.
      append_escaped(out, c);
      std::size_t end = i + 1;
      while (end < s.size() && !is_markup(s[end])) ++end;
      out.append(s.substr(i + 1, end - i - 1));
      i = end;
    }
  }
  if (strong) out += "</strong>";
}

std::string inline_html(std::string_view s) {
  std::string out;
  inline_html(out, s);
  return out;
}

// A paragraph's lines, appended to `out`: a backslash at a line's end is a hard break.
void lines_html(std::string& out, const std::vector<std::string_view>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::size_t slashes = 0;  // an odd number at the end: the last one is a hard break
    while (slashes < line.size() && line[line.size() - 1 - slashes] == '\\') ++slashes;
    const bool hard = slashes % 2 == 1;
    if (hard) line.remove_suffix(1);
    inline_html(out, line);
    if (i + 1 < lines.size()) out += hard ? "<br>\n" : "\n";
  }
}

// The cells of a pipe-table row, into `cells`: split at every "|" not behind a backslash.
void cells_of(std::string_view row, std::vector<std::string_view>& cells) {
  cells.clear();
  if (row.starts_with('|')) row.remove_prefix(1);
  if (row.ends_with('|') && !row.ends_with("\\|")) row.remove_suffix(1);
  std::size_t from = 0;
  for (std::size_t i = 0; i <= row.size(); ++i) {
    while (i < row.size() && row[i] != '|' && row[i] != '\\') ++i;
    if (i < row.size() && row[i] == '\\') {
      ++i;
      continue;
    }
    std::string_view cell = row.substr(from, i - from);
    while (cell.starts_with(' ')) cell.remove_prefix(1);
    while (cell.ends_with(' ')) cell.remove_suffix(1);
    cells.push_back(cell);
    from = i + 1;
  }
}

class Converter {
 public:
  // The HTML is appended to `body`.
  Converter(const std::map<std::int64_t, std::string>& charts, std::string& body)
      : charts_(charts), body_(body) {}

  // Returns the title.
  std::string run(std::string_view markdown) {
    std::vector<std::string_view> lines;
    lines.reserve(static_cast<std::size_t>(std::count(markdown.begin(), markdown.end(), '\n')) + 1);
    for (std::size_t from = 0; from <= markdown.size();) {
      const std::size_t nl = std::min(markdown.find('\n', from), markdown.size());
      lines.push_back(markdown.substr(from, nl - from));
      from = nl + 1;
    }
    // The HTML is about twice the Markdown, and the charts are put in as they are.
    std::size_t charts = 0;
    for (const auto& [id, chart] : charts_) charts += chart.size();
    body_.reserve(body_.size() + 2 * markdown.size() + charts);
    for (std::size_t i = 0; i < lines.size(); ++i) i = line(lines, i);
    close_blocks();
    close_section();
    return std::move(title_);
  }

 private:
  const std::map<std::int64_t, std::string>& charts_;
  std::string& body_;
  std::string title_;
  std::vector<std::string_view> cells_;  // a table row's, reused
  std::vector<std::string_view> head_;   // a table head's
  std::vector<const char*> align_;       // per column
  std::vector<std::string_view> paragraph_;
  std::vector<std::string_view> quote_;
  int list_depth_ = 0;
  bool section_ = false;
  std::optional<std::int64_t> experiment_;  // the open section's experiment, charts not yet out

  std::string& out() { return body_; }

  // Handles lines[i] (and what belongs to it); returns the index of the last line used.
  std::size_t line(const std::vector<std::string_view>& lines, std::size_t i) {
    const std::string_view l = lines[i];
    if (l.empty()) {
      close_blocks();
    } else if (l.starts_with("```")) {
      close_blocks();
      std::size_t end = i + 1;
      while (end < lines.size() && !lines[end].starts_with("```")) ++end;
      if (l == "```mermaid") {
        put_charts();  // the SVG charts take the place of the Mermaid chart
      } else {
        out() += "<pre><code>";
        for (std::size_t k = i + 1; k < end; ++k) {
          append_esc(out(), lines[k]);
          out() += '\n';
        }
        out() += "</code></pre>\n";
      }
      return end;
    } else if (l.starts_with('#')) {
      close_blocks();
      heading(l);
    } else if (l.starts_with('|')) {
      close_blocks();
      return table(lines, i);
    } else if (l.starts_with("> ") || l == ">") {
      close_paragraph();
      close_lists();
      quote_.push_back(l.substr(std::min<std::size_t>(2, l.size())));
    } else if (const std::size_t indent = l.find_first_not_of(' ');
               l.substr(indent).starts_with("- ")) {
      close_paragraph();
      close_quote();
      list_item(static_cast<int>(indent / 2) + 1, l.substr(indent + 2));
    } else {
      close_quote();
      close_lists();
      paragraph_.push_back(l);
    }
    return i;
  }

  void heading(std::string_view l) {
    const std::size_t level = run_of(l, 0, '#');
    const std::string_view text = l.substr(std::min(level + 1, l.size()));
    const std::string n = std::to_string(level);
    if (level == 1 && title_.empty()) {
      title_ = inline_html(text);
    } else if (level == 2) {
      close_section();
      out() += "<section";
      std::int64_t id = 0;
      std::size_t k = 0;
      while (k < text.size() && k < 18 && text[k] >= '0' && text[k] <= '9')
        id = id * 10 + (text[k++] - '0');
      if (k > 0 && text.substr(k).starts_with(". ")) {
        experiment_ = id;
        out() += " class=\"experiment\" id=\"experiment-" + std::to_string(id) + "\"";
      }
      out() += ">\n";
      section_ = true;
    }
    out() += "<h" + n + ">";
    inline_html(out(), text);
    out() += "</h" + n + ">\n";
  }

  std::size_t table(const std::vector<std::string_view>& lines, std::size_t i) {
    cells_of(lines[i], head_);
    align_.assign(head_.size(), ">");
    std::size_t k = i + 1;
    if (k < lines.size() && (lines[k].starts_with("|-") || lines[k].starts_with("|:"))) {
      cells_of(lines[k], cells_);
      for (std::size_t c = 0; c < cells_.size() && c < align_.size(); ++c)
        if (cells_[c].ends_with(':')) align_[c] = " class=\"num\">";
      ++k;
    }
    std::string& html = out();
    html += "<div class=\"table\"><table>\n<thead><tr>";
    for (std::size_t c = 0; c < head_.size(); ++c) {
      html += "<th";
      html += align_[c];
      inline_html(html, head_[c]);
      html += "</th>";
    }
    html += "</tr></thead>\n<tbody>\n";
    for (; k < lines.size() && lines[k].starts_with('|'); ++k) {
      cells_of(lines[k], cells_);
      html += "<tr>";
      for (std::size_t c = 0; c < head_.size(); ++c) {
        html += "<td";
        html += align_[c];
        if (c < cells_.size()) inline_html(html, cells_[c]);
        html += "</td>";
      }
      html += "</tr>\n";
    }
    out() += "</tbody>\n</table></div>\n";
    return k - 1;
  }

  void list_item(int depth, std::string_view text) {
    while (list_depth_ > depth) {
      out() += "</li>\n</ul>\n";
      --list_depth_;
    }
    if (list_depth_ == depth) out() += "</li>\n";
    while (list_depth_ < depth) {
      out() += "<ul>\n";
      ++list_depth_;
    }
    out() += "<li>";
    inline_html(out(), text);
  }

  void close_lists() {
    while (list_depth_ > 0) {
      out() += "</li>\n</ul>\n";
      --list_depth_;
    }
  }

  void close_paragraph() {
    if (paragraph_.empty()) return;
    out() += "<p>";
    lines_html(out(), paragraph_);
    out() += "</p>\n";
    paragraph_.clear();
  }

  void close_quote() {
    if (quote_.empty()) return;
    out() += "<blockquote><p>";
    lines_html(out(), quote_);
    out() += "</p></blockquote>\n";
    quote_.clear();
  }

  void close_blocks() {
    close_paragraph();
    close_quote();
    close_lists();
  }

  void put_charts() {
    if (!experiment_) return;
    if (const auto it = charts_.find(*experiment_); it != charts_.end()) out() += it->second;
    experiment_.reset();
  }

  void close_section() {
    if (!section_) return;
    put_charts();
    out() += "</section>\n";
    section_ = false;
  }
};

}  // namespace

std::string esc(std::string_view text) {
  std::string out;
  append_esc(out, text);
  return out;
}

void append_esc(std::string& out, std::string_view text) {
  // Most text is printable ASCII with nothing to escape: as it is, without a copy through
  // terminal_safe (a whole journal's page escapes a few hundred megabytes).
  if (std::none_of(text.begin(), text.end(), [](char c) { return is_unsafe(c); })) {
    out.append(text);
    return;
  }
  const std::string safe = terminal_safe(text, true);
  for (std::size_t i = 0; i < safe.size();) {
    if (safe[i] == '\t')
      out += ' ';
    else
      append_escaped(out, safe[i]);
    std::size_t end = ++i;  // then a run of what needs no escaping, at once
    while (end < safe.size() && safe[end] != '\t' && !is_markup(safe[end])) ++end;
    out.append(safe, i, end - i);
    i = end;
  }
}

Page from_markdown(std::string_view markdown, const std::map<std::int64_t, std::string>& charts) {
  Page page;
  page.title = Converter(charts, page.body).run(markdown);
  return page;
}

void append_html(std::string& out, std::string_view markdown,
                 const std::map<std::int64_t, std::string>& charts) {
  Converter(charts, out).run(markdown);
}

}  // namespace leadlab::html
