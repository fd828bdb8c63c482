// Headless chromium over the DevTools protocol (devtools.hpp).
#include "e2e/devtools.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace leadlab::testing {

DevTools::DevTools(const std::string& binary, const std::string& profile, const std::string& home) {
  int commands[2];  // we write, chromium reads on fd 3
  int answers[2];   // chromium writes on fd 4, we read
  if (::pipe2(commands, O_CLOEXEC) != 0 || ::pipe2(answers, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  std::vector<std::string> args = offline_chromium_args(profile);
  args.insert(args.begin(), binary);
  args.insert(args.end(), {"--remote-debugging-pipe", "about:blank"});
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string home_var = "HOME=" + home;
  char* envp[] = {const_cast<char*>(home_var.c_str()), const_cast<char*>("PATH=/usr/bin:/bin"),
                  nullptr};
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // fd 3 and 4 for the protocol (dup2 clears close-on-exec); chromium's own logging to
    // /dev/null.
    const int read_end = ::fcntl(commands[0], F_DUPFD, 10);
    const int write_end = ::fcntl(answers[1], F_DUPFD, 10);
    ::dup2(read_end, 3);
    ::dup2(write_end, 4);
    ::close(read_end);
    ::close(write_end);
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execve(binary.c_str(), argv.data(), envp);
    ::_exit(127);
  }
  ::close(commands[0]);
  ::close(answers[1]);
  to_ = commands[1];
  from_ = answers[0];
  const nlohmann::json target = command("Target.createTarget", {{"url", "about:blank"}}, "");
  session_ = command("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}},
                     "")["sessionId"]
                 .get<std::string>();
  for (const char* domain : {"Page.enable", "Runtime.enable", "Network.enable", "Log.enable"})
    call(domain);
}

DevTools::~DevTools() {
  try {
    command("Browser.close", nlohmann::json::object(), "");
  } catch (const std::exception&) {
    ::kill(pid_, SIGKILL);
  }
  ::close(to_);
  ::close(from_);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

nlohmann::json DevTools::call(const std::string& method, const nlohmann::json& params) {
  return command(method, params, session_);
}

nlohmann::json DevTools::command(const std::string& method, const nlohmann::json& params,
                                 const std::string& session) {
  const int id = ++next_id_;
  nlohmann::json message = {{"id", id},
                            {"method", method},
                            {"params", params.is_null() ? nlohmann::json::object() : params}};
  if (!session.empty()) message["sessionId"] = session;
  const std::string text = message.dump() + '\0';
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(to_, text.data() + done, text.size() - done);
    if (n <= 0) throw std::runtime_error("chromium closed its DevTools pipe");
    done += static_cast<std::size_t>(n);
  }
  for (;;) {
    nlohmann::json answer = next_message();
    if (answer.contains("id") && answer["id"] == id) {
      if (answer.contains("error"))
        throw std::runtime_error(method + ": " + answer["error"].dump());
      return answer["result"];
    }
    if (answer.contains("method")) events_.push_back(std::move(answer));
  }
}

nlohmann::json DevTools::next_message() {
  for (;;) {
    if (const auto end = buffer_.find('\0'); end != std::string::npos) {
      nlohmann::json message = nlohmann::json::parse(buffer_.substr(0, end));
      buffer_.erase(0, end + 1);
      return message;
    }
    pollfd fd = {from_, POLLIN, 0};
    if (::poll(&fd, 1, 60'000) <= 0) throw std::runtime_error("chromium did not answer");
    char chunk[65536];
    const ssize_t n = ::read(from_, chunk, sizeof chunk);
    if (n <= 0) throw std::runtime_error("chromium closed its DevTools pipe");
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void DevTools::open(const std::string& url) {
  const std::size_t seen = events_.size();
  call("Page.navigate", {{"url", url}});
  for (std::size_t i = seen;; ++i) {
    while (i >= events_.size()) {
      nlohmann::json message = next_message();
      if (message.contains("method")) events_.push_back(std::move(message));
    }
    if (events_[i]["method"] == "Page.loadEventFired") return;
  }
}

nlohmann::json DevTools::evaluate(const std::string& expression) {
  const nlohmann::json r =
      call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
  if (r.contains("exceptionDetails")) throw std::runtime_error(r["exceptionDetails"].dump());
  return r["result"]["value"];
}

std::string DevTools::screenshot() {
  return base64_decode(
      call("Page.captureScreenshot", {{"format", "png"}})["data"].get<std::string>());
}

std::vector<std::string> offline_chromium_args(const std::string& profile) {
  return {"--headless",
          "--disable-gpu",
          "--no-sandbox",
          "--user-data-dir=" + profile,
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-default-apps",
          "--host-resolver-rules=MAP * ~NOTFOUND",
          "--hide-scrollbars"};
}

std::string base64_decode(std::string_view text) {
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+') v = 62;
    if (c == '/') v = 63;
    if (v < 0) continue;
    bits = bits << 6 | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>(bits >> count & 0xff);
    }
  }
  return out;
}

}  // namespace leadlab::testing
