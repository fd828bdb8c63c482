// End-to-end: the HTML report in a real browser, Debian's chromium, headless and offline
// (every host name resolves to nothing, no background networking, a fresh profile): it
// loads without a console message (a blocked load or a script error would log one), the DOM
// holds one SVG per chart, and screenshots in light and dark are not blank and have the
// scheme's background. Driven over the DevTools protocol (devtools.hpp): at a phone's width
// the text does not scroll sideways, and in print the charts are black and white, told
// apart by shape, and an experiment is kept on one page where it fits. Skipped, saying so,
// when chromium is not installed.
#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "e2e/cli_runner.hpp"
#include "e2e/devtools.hpp"
#include "e2e/report_fixture.hpp"

using leadlab::testing::DevTools;
using leadlab::testing::kFixed;
using leadlab::testing::make_reviewed_demo;
using leadlab::testing::ok;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;

namespace {

const char* const kChromium = "/usr/bin/chromium";

// Runs headless chromium on `page` with `extra` arguments, for at most two minutes.
RunResult chromium(const Sandbox& s, const std::string& page, std::vector<std::string> extra) {
  std::vector<std::string> args = {"120", kChromium};
  for (std::string& a : leadlab::testing::offline_chromium_args(s.dir().file("chromium-profile")))
    args.push_back(std::move(a));
  args.insert(args.end(), {"--enable-logging=stderr", "--v=0"});
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("file://" + page);
  RunResult r =
      leadlab::testing::run_program("/usr/bin/timeout", args, {{"HOME", s.dir().file("home")}});
  REQUIRE_MESSAGE(r.exit_code == 0, "chromium: " << r.err);
  return r;
}

// A PNG's pixels as 0xRRGGBB (8-bit RGB or RGBA, not interlaced: what chromium writes).
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint32_t> pixels;
};

std::uint32_t be32(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(
      static_cast<unsigned char>(s[at]) << 24 | static_cast<unsigned char>(s[at + 1]) << 16 |
      static_cast<unsigned char>(s[at + 2]) << 8 | static_cast<unsigned char>(s[at + 3]));
}

Image decode_png(const std::string& file) {
  REQUIRE(file.size() > 33);
  REQUIRE(file.compare(1, 3, "PNG") == 0);
  Image image;
  int channels = 0;
  std::string compressed;
  for (std::size_t at = 8; at + 8 <= file.size();) {
    const std::uint32_t length = be32(file, at);
    const std::string type = file.substr(at + 4, 4);
    if (type == "IHDR") {
      image.width = static_cast<int>(be32(file, at + 8));
      image.height = static_cast<int>(be32(file, at + 12));
      REQUIRE(file[at + 16] == 8);  // bit depth
      channels = file[at + 17] == 6 ? 4 : 3;
      REQUIRE((file[at + 17] == 2 || file[at + 17] == 6));
      REQUIRE(file[at + 20] == 0);  // not interlaced
    } else if (type == "IDAT") {
      compressed += file.substr(at + 8, length);
    }
    at += 12 + length;
  }
  const auto stride = static_cast<std::size_t>(image.width * channels);
  std::vector<unsigned char> raw((stride + 1) * static_cast<std::size_t>(image.height));
  uLongf size = raw.size();
  REQUIRE(uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(compressed.data()),
                     compressed.size()) == Z_OK);
  // Undo each row's filter (PNG's None, Sub, Up, Average, Paeth).
  std::vector<unsigned char> prev(stride, 0);
  std::vector<unsigned char> row(stride);
  for (int y = 0; y < image.height; ++y) {
    const unsigned char* in = &raw[static_cast<std::size_t>(y) * (stride + 1)];
    const int filter = in[0];
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(channels) ? row[i - channels] : 0;
      const int b = prev[i];
      const int c = i >= static_cast<std::size_t>(channels) ? prev[i - channels] : 0;
      int predicted = 0;
      if (filter == 1) predicted = a;
      if (filter == 2) predicted = b;
      if (filter == 3) predicted = (a + b) / 2;
      if (filter == 4) {
        const int p = a + b - c;
        const int pa = std::abs(p - a);
        const int pb = std::abs(p - b);
        const int pc = std::abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
      }
      row[i] = static_cast<unsigned char>(in[1 + i] + predicted);
    }
    for (int x = 0; x < image.width; ++x) {
      const unsigned char* p = &row[static_cast<std::size_t>(x * channels)];
      image.pixels.push_back(static_cast<std::uint32_t>(p[0] << 16 | p[1] << 8 | p[2]));
    }
    prev = row;
  }
  return image;
}

Image read_png(const std::string& path) { return decode_png(read_file(path)); }

// The reviewed demo journal's HTML report, written to a file in `s`: its path.
std::string demo_page(const Sandbox& s) {
  make_reviewed_demo(s);
  const std::string page = s.dir().file("report.html");
  ok(s.run({"export", "--format", "html", "--output", page}, kFixed));
  return page;
}

int luma(std::uint32_t rgb) {
  return static_cast<int>((rgb >> 16 & 0xff) * 3 + (rgb >> 8 & 0xff) * 6 + (rgb & 0xff)) / 10;
}

// The share of pixels that differ from the top-left one (the page's background).
double drawn_share(const Image& image) {
  const std::uint32_t background = image.pixels.front();
  const auto drawn = std::count_if(image.pixels.begin(), image.pixels.end(),
                                   [&](std::uint32_t p) { return p != background; });
  return static_cast<double>(drawn) / static_cast<double>(image.pixels.size());
}

}  // namespace

TEST_CASE("the HTML report opens in headless chromium offline, with its charts, light and dark") {
  if (!std::filesystem::exists(kChromium)) {
    MESSAGE("skipped: /usr/bin/chromium is not installed (./bootstrap.sh installs it)");
    return;
  }
  Sandbox s;
  const std::string page = demo_page(s);

  const RunResult dom = chromium(s, page, {"--dump-dom"});
  // No console message: nothing blocked by the policy, no error.
  CHECK_MESSAGE(dom.err.find(":CONSOLE") == std::string::npos, dom.err);
  // The DOM as the browser parsed it: one <svg> per chart, none lost or split.
  std::size_t svgs = 0;
  for (auto at = dom.out.find("<svg "); at != std::string::npos; at = dom.out.find("<svg ", at + 1))
    ++svgs;
  CHECK(svgs == 6);  // per week and per occasion, for each of experiment 1's three metrics
  CHECK(dom.out.find("<script") == std::string::npos);
  CHECK(dom.out.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

  for (const bool dark : {false, true}) {
    CAPTURE(dark);
    const std::string shot = s.dir().file(dark ? "dark.png" : "light.png");
    std::vector<std::string> extra = {"--window-size=1000,1600", "--screenshot=" + shot};
    if (dark) extra.push_back("--blink-settings=preferredColorScheme=0");
    chromium(s, page, extra);
    const Image image = read_png(shot);
    CHECK(image.width == 1000);
    CHECK(image.height == 1600);
    // Not blank: text, tables and a chart cover a good part of the page.
    CHECK(drawn_share(image) > 0.02);
    // The scheme's background.
    if (dark)
      CHECK(luma(image.pixels.front()) < 60);
    else
      CHECK(luma(image.pixels.front()) > 200);
  }
}

namespace {

// Nothing the page did but load itself: no request but the page's, no console message.
void check_quiet(const DevTools& browser, const std::string& url) {
  for (const nlohmann::json& e : browser.events()) {
    const std::string method = e["method"];
    CHECK_MESSAGE(method != "Runtime.consoleAPICalled", e.dump());
    CHECK_MESSAGE(method != "Log.entryAdded", e.dump());
    CHECK_MESSAGE(method != "Runtime.exceptionThrown", e.dump());
    if (method == "Network.requestWillBeSent") CHECK(e["params"]["request"]["url"] == url);
  }
}

// The elements of text whose right edge passes the viewport's: what would scroll sideways.
constexpr const char* kTextPastTheEdge =
    "[...document.querySelectorAll('h1,h2,h3,p,li,blockquote,figcaption,.table,figure')]"
    ".filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)"
    ".map(e => e.tagName + ': ' + e.textContent.slice(0, 40))";

}  // namespace

TEST_CASE(
    "the HTML report at a phone's width and in print: no sideways scrolling, charts in "
    "black and white told apart by shape") {
  if (!std::filesystem::exists(kChromium)) {
    MESSAGE("skipped: /usr/bin/chromium is not installed (./bootstrap.sh installs it)");
    return;
  }
  Sandbox s;
  const std::string page = demo_page(s);
  const std::string url = "file://" + page;
  DevTools browser(kChromium, s.dir().file("chromium-profile"), s.dir().file("home"));

  SUBCASE("a phone, 390 px wide") {
    browser.call("Emulation.setDeviceMetricsOverride",
                 {{"width", 390}, {"height", 844}, {"deviceScaleFactor", 1}, {"mobile", true}});
    browser.open(url);
    check_quiet(browser, url);
    CHECK(browser.evaluate("document.querySelectorAll('svg').length") == 6);
    // The page as wide as the screen; tables and charts scroll inside their own box.
    CHECK(browser.evaluate("document.documentElement.scrollWidth") == 390);
    CHECK(browser.evaluate(kTextPastTheEdge) == nlohmann::json::array());
    const Image image = decode_png(browser.screenshot());
    CHECK(image.width == 390);
    CHECK(drawn_share(image) > 0.02);
  }

  SUBCASE("print, on A4 and on Letter") {
    // The page's width on paper: A4 (210 mm) and Letter (8.5 in) less 15 mm margins, at 96
    // px an inch.
    for (const int width : {680, 703}) {
      CAPTURE(width);
      browser.call("Emulation.setEmulatedMedia", {{"media", "print"}});
      browser.call(
          "Emulation.setDeviceMetricsOverride",
          {{"width", width}, {"height", 1000}, {"deviceScaleFactor", 1}, {"mobile", false}});
      browser.open(url);
      check_quiet(browser, url);
      CHECK(browser.evaluate("document.documentElement.scrollWidth") == width);
      CHECK(browser.evaluate(kTextPastTheEdge) == nlohmann::json::array());
      // An experiment is kept whole where it fits on a page, and a chart or a table row
      // never splits.
      CHECK(browser.evaluate("getComputedStyle(document.querySelector('section.experiment'))"
                             ".breakInside") == "avoid");
      for (const char* element : {"figure", "tr"})
        CHECK(browser.evaluate(std::string("getComputedStyle(document.querySelector('") + element +
                               "')).breakInside") == "avoid");
      // Black and white: baseline points open circles, test points filled squares.
      CHECK(browser.evaluate("getComputedStyle(document.querySelector('.run-chart .base')).fill") ==
            "rgb(255, 255, 255)");
      CHECK(
          browser.evaluate("getComputedStyle(document.querySelector('.run-chart .base')).stroke") ==
          "rgb(0, 0, 0)");
      CHECK(browser.evaluate("getComputedStyle(document.querySelector('.run-chart .test')).fill") ==
            "rgb(0, 0, 0)");
      // The first chart as printed: drawn, and only in greys.
      const nlohmann::json box = browser.evaluate(
          "(r => [r.x, r.y + scrollY, r.width, r.height])("
          "document.querySelector('svg').getBoundingClientRect())");
      const Image chart = decode_png(leadlab::testing::base64_decode(
          browser
              .call("Page.captureScreenshot", {{"format", "png"},
                                               {"captureBeyondViewport", true},
                                               {"clip",
                                                {{"x", box[0]},
                                                 {"y", box[1]},
                                                 {"width", box[2]},
                                                 {"height", box[3]},
                                                 {"scale", 1}}}})["data"]
              .get<std::string>()));
      CHECK(drawn_share(chart) > 0.02);
      const auto coloured = std::count_if(chart.pixels.begin(), chart.pixels.end(), [](auto p) {
        const int r = static_cast<int>(p >> 16 & 0xff);
        const int g = static_cast<int>(p >> 8 & 0xff);
        const int b = static_cast<int>(p & 0xff);
        return std::max({std::abs(r - g), std::abs(g - b), std::abs(r - b)}) > 16;
      });
      CHECK(coloured == 0);
      // And it prints.
      const std::string pdf = leadlab::testing::base64_decode(
          browser.call("Page.printToPDF", {{"printBackground", false}})["data"].get<std::string>());
      CHECK(pdf.starts_with("%PDF"));
      // scripts/screenshots keeps the page as printed on A4, from its week-by-week table on.
      if (const char* folder = std::getenv("LEADLAB_SCREENSHOTS"); folder && width == 680) {
        const nlohmann::json top = browser.evaluate(
            "[...document.querySelectorAll('h3')].find(h => h.textContent == 'Week by week')"
            ".getBoundingClientRect().y + scrollY");
        std::ofstream(std::string(folder) + "/report-print.png", std::ios::binary)
            << leadlab::testing::base64_decode(
                   browser
                       .call("Page.captureScreenshot", {{"format", "png"},
                                                        {"captureBeyondViewport", true},
                                                        {"clip",
                                                         {{"x", 0},
                                                          {"y", top},
                                                          {"width", width},
                                                          {"height", 1000},
                                                          {"scale", 1}}}})["data"]
                       .get<std::string>());
      }
    }
  }
}
