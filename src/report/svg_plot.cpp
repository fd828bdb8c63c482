// The drawing the SVG run charts share (svg_plot.hpp).
#include "report/svg_plot.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "leadlab/model/text.hpp"
#include "leadlab/report/svg_chart.hpp"
#include "report/html_text.hpp"

namespace leadlab::svg {
namespace {

constexpr double kWidth = 640;
constexpr double kHeight = 310;
constexpr double kLeft = 56;
constexpr double kRight = 40;
constexpr double kTop = 24;
constexpr double kBottom = 86;  // tick labels and the legend (two lines)
constexpr double kPlotW = kWidth - kLeft - kRight;
constexpr double kPlotH = kHeight - kTop - kBottom;

// The x where a legend item's words end: about 6.5 px a character at 12 px, and a gap.
double after(double at, const std::string& words) {
  return at + 6.5 * static_cast<double>(words.size()) + 16;
}

}  // namespace

namespace {

// Integer arithmetic into a small buffer: a chart has thousands of coordinates, a whole
// journal's page millions, and printf's is slow. Writes at most 24 characters at `at`.
char* write_px(char* at, double v) {
  // llround's rounding (halves away from zero), without its call: below 2^52 the truncation
  // and the fraction left are exact.
  const double scaled = v * 10;
  long long tenths = 0;
  if (std::abs(scaled) < 4503599627370496.0) {
    tenths = static_cast<long long>(scaled);
    const double fraction = scaled - static_cast<double>(tenths);
    if (fraction >= 0.5)
      ++tenths;
    else if (fraction <= -0.5)
      --tenths;
  } else {
    tenths = std::llround(scaled);
  }
  const unsigned long long size = tenths < 0 ? 0ULL - static_cast<unsigned long long>(tenths)
                                             : static_cast<unsigned long long>(tenths);
  if (tenths < 0) *at++ = '-';
  at = std::to_chars(at, at + 20, size / 10).ptr;
  if (size % 10 != 0) {
    *at++ = '.';
    *at++ = static_cast<char>('0' + size % 10);
  }
  return at;
}

}  // namespace

void put_px(std::string& out, double v) {
  char buffer[24];
  out.append(buffer, write_px(buffer, v));
}

std::string px(double v) {
  std::string out;
  put_px(out, v);
  return out;
}

// Ticks at 1, 2 or 5 times a power of ten, about four of them, covering [low, high].
Plot::Plot(std::size_t count, double low, double high) : count_(std::max<std::size_t>(count, 1)) {
  if (high - low < 1e-12) {
    const double pad = std::abs(low) < 1e-12 ? 1 : std::abs(low) / 2;
    low -= pad;
    high += pad;
  }
  const double raw = (high - low) / 4;
  const double power = std::pow(10, std::floor(std::log10(raw)));
  step_ = power * 10;
  for (const double f : {1.0, 2.0, 5.0}) {
    if (raw <= f * power) {
      step_ = f * power;
      break;
    }
  }
  low_ = std::floor(low / step_ + 1e-9) * step_;
  high_ = std::ceil(high / step_ - 1e-9) * step_;
}

double Plot::x(std::size_t i) const {
  return kLeft + (static_cast<double>(i) + 0.5) * kPlotW / static_cast<double>(count_);
}
double Plot::y(double value) const {
  return kTop + kPlotH - (value - low_) / (high_ - low_) * kPlotH;
}
double Plot::left() const { return kLeft; }
double Plot::right() const { return kLeft + kPlotW; }
double Plot::legend_line2() { return kHeight - 4; }

void Plot::open(std::string& out, const std::string& id, const std::string& title,
                const std::string& desc, bool standalone) {
  if (standalone) out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"run-chart\" viewBox=\"0 0 " +
         px(kWidth) + " " + px(kHeight) + "\" width=\"" + px(kWidth) + "\" height=\"" +
         px(kHeight) + "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\">\n";
  if (standalone) out += "<style>\n" + std::string(svg_chart_css()) + "</style>\n";
  out += "<title id=\"" + id + "-title\">" + html::esc(title) + "</title>\n";
  out += "<desc id=\"" + id + "-desc\">" + html::esc(desc) + "</desc>\n";
  out += "<rect class=\"bg\" width=\"" + px(kWidth) + "\" height=\"" + px(kHeight) +
         "\" fill=\"#fff\"/>\n";
}

void Plot::empty(std::string& out, const std::string& message) {
  out += "<text x=\"" + px(kWidth / 2) + "\" y=\"" + px(kHeight / 2) +
         "\" text-anchor=\"middle\">" + html::esc(message) + "</text>\n</svg>\n";
}

void Plot::axes(std::string& out, const std::string& name,
                const std::vector<std::string>& labels) const {
  const double bottom = kTop + kPlotH;
  for (double t = low_; t <= high_ + step_ / 2; t += step_) {
    const std::string ty = px(y(t));
    out += "<line class=\"grid\" x1=\"" + px(kLeft) + "\" x2=\"" + px(right()) + "\" y1=\"" + ty +
           "\" y2=\"" + ty + "\"/><text x=\"" + px(kLeft - 6) + "\" y=\"" + ty +
           "\" dy=\"4\" text-anchor=\"end\">" + format_number(std::abs(t) < 1e-12 ? 0 : t, 3) +
           "</text>\n";
  }
  out += "<path class=\"axis\" fill=\"none\" d=\"M" + px(kLeft) + " " + px(kTop) + "V" +
         px(bottom) + "H" + px(right()) + "\"/>\n";
  out +=
      "<text x=\"" + px(kLeft) + "\" y=\"" + px(kTop - 10) + "\">" + html::esc(name) + "</text>\n";
  // A label under as many points as fit (about 80 px each); a tick under every point while
  // they are at least 8 px apart, else under each label, all in one path.
  const std::size_t every = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(80.0 * static_cast<double>(labels.size()) / kPlotW)));
  const std::size_t tick_every = static_cast<double>(labels.size()) * 8 <= kPlotW ? 1 : every;
  const std::string tick_y = " " + px(bottom) + "v4";
  out += "<path class=\"axis\" d=\"";
  for (std::size_t i = 0; i < labels.size(); i += tick_every) {
    out += 'M';
    put_px(out, x(i));
    out += tick_y;
  }
  out += "\"/>\n";
  for (std::size_t i = 0; i < labels.size(); i += every)
    out += "<text x=\"" + px(x(i)) + "\" y=\"" + px(bottom + 18) + "\" text-anchor=\"middle\">" +
           html::esc(labels[i]) + "</text>\n";
}

void Plot::gap(std::string& out, std::size_t i, const std::string& title) const {
  const double at = i == 0 ? x(0) - 6 : (x(i - 1) + x(i)) / 2;
  out += "<g><title>";
  html::append_esc(out, title);
  out += "</title><path class=\"axis\" d=\"M";
  put_px(out, at - 5);
  out += ' ';
  put_px(out, kTop + kPlotH + 5);
  out += "l4 -10m2 10l4 -10\"/></g>\n";
}

void Plot::phase_line(std::string& out, double at) const {
  out += "<line class=\"phase\" x1=\"" + px(at) + "\" x2=\"" + px(at) + "\" y1=\"" + px(kTop) +
         "\" y2=\"" + px(kTop + kPlotH) + "\"/><text x=\"" + px(at + 4) + "\" y=\"" +
         px(kTop + 10) + "\">test</text>\n";
}

void Plot::clip(std::string& out, const std::string& id) const {
  out += "<clipPath id=\"" + id + "\"><rect x=\"" + px(kLeft) + "\" y=\"" + px(kTop) +
         "\" width=\"" + px(kPlotW) + "\" height=\"" + px(kPlotH) + "\"/></clipPath>";
}

void Plot::median(std::string& out, double centre, double split, bool extended) const {
  const std::string cy = px(y(centre));
  out += "<line class=\"median\" x1=\"" + px(kLeft) + "\" x2=\"" + px(split) + "\" y1=\"" + cy +
         "\" y2=\"" + cy + "\"/>";
  if (extended)
    out += "<line class=\"median extended\" x1=\"" + px(split) + "\" x2=\"" + px(right()) +
           "\" y1=\"" + cy + "\" y2=\"" + cy + "\"/>";
  out += "\n";
}

namespace {

// `text` copied to `at`; returns the end.
template <std::size_t N>
char* write_text(char* at, const char (&text)[N]) {
  std::memcpy(at, text, N - 1);
  return at + N - 1;
}

// A point's shape centred on (cx, cy), appended to `out` at once.
void put_mark(std::string& out, Mark mark, double cx, double cy) {
  char buffer[128];
  char* at = buffer;
  switch (mark) {
    case Mark::kBaseline:
      at = write_text(at, "<circle class=\"base\" cx=\"");
      at = write_px(at, cx);
      at = write_text(at, "\" cy=\"");
      at = write_px(at, cy);
      at = write_text(at, "\" r=\"4.5\"/>");
      break;
    case Mark::kTest:  // a path: shorter than a <rect>, and a page may have a million
      at = write_text(at, "<path class=\"test\" d=\"M");
      at = write_px(at, cx - 4.5);
      *at++ = ' ';
      at = write_px(at, cy - 4.5);
      at = write_text(at, "h9v9h-9z\"/>");
      break;
    case Mark::kBoth:
      at = write_text(at, "<path class=\"both\" d=\"M");
      at = write_px(at, cx);
      *at++ = ' ';
      at = write_px(at, cy - 6);
      at = write_text(at, "l6 6-6 6-6-6z\"/>");
      break;
  }
  out.append(buffer, at);
}

std::string mark_at(Mark mark, double cx, double cy) {
  std::string out;
  put_mark(out, mark, cx, cy);
  return out;
}

std::string cross_at(double cx, double cy) {
  return "<path class=\"off\" d=\"M" + px(cx - 6) + " " + px(cy - 16) + "l12 12m0 -12l-12 12\"/>";
}

}  // namespace

void Plot::point(std::string& out, std::size_t i, double value, Mark mark, bool off,
                 const std::string& title) const {
  const double cx = x(i);
  const double cy = y(value);
  out += "<g><title>";
  html::append_esc(out, title);
  out += "</title>";
  put_mark(out, mark, cx, cy);
  if (off) out += cross_at(cx, cy);
  out += "</g>\n";
}

void Plot::legend(std::string& out, const Legend& items) {
  const double ly = kHeight - 20;
  const std::string lt = px(kHeight - 16);
  out += "<g class=\"legend\">";
  double at = kLeft;
  const auto item = [&](const std::string& shape, const std::string& words) {
    out +=
        shape + "<text x=\"" + px(at + 16) + "\" y=\"" + lt + "\">" + html::esc(words) + "</text>";
    at = after(at + 16, words);
  };
  item(mark_at(Mark::kBaseline, at + 6, ly), "baseline");
  if (items.test) item(mark_at(Mark::kTest, at + 6, ly), "test");
  if (items.both) item(mark_at(Mark::kBoth, at + 6, ly), "both");
  if (items.median) {
    out += "<line class=\"median extended\" x1=\"" + px(at) + "\" x2=\"" + px(at + 30) +
           "\" y1=\"" + px(ly) + "\" y2=\"" + px(ly) + "\"/>";
    at += 20;
    item("", *items.median);
  }
  if (items.off) item(cross_at(at + 6, ly + 10), "not as planned");
}

}  // namespace leadlab::svg
