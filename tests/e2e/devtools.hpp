// Headless chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
// it reads commands on fd 3 and writes answers and events on fd 4, each a JSON text ended
// by a NUL), for what the command line cannot do: emulate print media and a phone's
// viewport, measure the page's layout, and see every console message and network request.
// Offline: every host name resolves to nothing.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace leadlab::testing {

class DevTools {
 public:
  // Starts chromium (`binary`) with a fresh profile in `profile` and HOME `home`, and opens
  // a blank page to drive.
  DevTools(const std::string& binary, const std::string& profile, const std::string& home);
  ~DevTools();
  DevTools(const DevTools&) = delete;
  DevTools& operator=(const DevTools&) = delete;

  // A command to the page (Page.navigate, Emulation.*, Runtime.evaluate...): its result.
  // Throws on an error answer, or when chromium does not answer within a minute.
  nlohmann::json call(const std::string& method, const nlohmann::json& params = {});

  // Loads `url` and waits for its load event.
  void open(const std::string& url);
  // The value of a JavaScript expression evaluated in the page (DevTools' evaluation is not
  // subject to the page's Content-Security-Policy; the page itself runs no script).
  nlohmann::json evaluate(const std::string& expression);
  // A screenshot of the viewport, as PNG bytes.
  std::string screenshot();

  // Every event seen so far ("method" and "params").
  const std::vector<nlohmann::json>& events() const { return events_; }

 private:
  nlohmann::json command(const std::string& method, const nlohmann::json& params,
                         const std::string& session);
  nlohmann::json next_message();

  pid_t pid_ = -1;
  int to_ = -1;
  int from_ = -1;
  int next_id_ = 0;
  std::string buffer_;
  std::string session_;
  std::vector<nlohmann::json> events_;
};

// Headless chromium's arguments for a test: offline (every host name resolves to nothing, no
// background networking, no updates), a fresh profile in `profile`, no scroll bars.
std::vector<std::string> offline_chromium_args(const std::string& profile);

std::string base64_decode(std::string_view text);

}  // namespace leadlab::testing
