#include "cli/terminal.hpp"

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <stdexcept>

namespace leadlab::cli {

namespace {

// What the handlers need, set before they are installed: only async-signal-safe calls
// touch these from a handler.
termios g_saved{};
volatile std::sig_atomic_t g_raw = 0;

constexpr std::array kFatalSignals = {SIGTERM, SIGHUP, SIGQUIT, SIGINT, SIGSEGV,
                                      SIGABRT, SIGBUS, SIGFPE,  SIGILL, SIGPIPE};
std::array<struct sigaction, kFatalSignals.size()> g_previous{};

void restore_and_die(int signal) {
  if (g_raw != 0) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &g_saved);
    const char newline[] = "\r\n";
    (void)!::write(STDOUT_FILENO, newline, sizeof newline - 1);
  }
  // Die of the same signal, as the default action would have.
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

}  // namespace

int terminal_columns() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

int output_width(int fallback) {
  int width = fallback;
  winsize size{};
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && *columns != '\0') {
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(columns, &end, 10);
    if (errno == 0 && *end == '\0' && n > 0)
      return static_cast<int>(std::clamp<long>(n, kMinWidth, kMaxWidth));
  }
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) width = size.ws_col;
  return std::clamp(width, kMinWidth, kMaxWidth);
}

RawTerminal::RawTerminal() {
  if (::tcgetattr(STDIN_FILENO, &g_saved) != 0)
    throw std::runtime_error("standard input is not a terminal");
  struct sigaction action {};
  action.sa_handler = restore_and_die;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < kFatalSignals.size(); ++i)
    ::sigaction(kFatalSignals[i], &action, &g_previous[i]);
  raw_ = g_saved;
  raw_.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG | IEXTEN));
  raw_.c_iflag &= static_cast<tcflag_t>(~(ICRNL | IXON));
  raw_.c_cc[VMIN] = 1;
  raw_.c_cc[VTIME] = 0;
  resume();
}

RawTerminal::~RawTerminal() {
  suspend();
  for (std::size_t i = 0; i < kFatalSignals.size(); ++i)
    ::sigaction(kFatalSignals[i], &g_previous[i], nullptr);
}

void RawTerminal::suspend() {
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved);
  g_raw = 0;
}

void RawTerminal::resume() {
  g_raw = 1;
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw_);
}

namespace {

// The next byte when one arrives within `ms` milliseconds.
std::optional<unsigned char> next_byte(int ms) {
  pollfd fd{STDIN_FILENO, POLLIN, 0};
  if (::poll(&fd, 1, ms) <= 0) return std::nullopt;
  unsigned char c = 0;
  if (::read(STDIN_FILENO, &c, 1) != 1) return std::nullopt;
  return c;
}

}  // namespace

std::optional<int> RawTerminal::read_key() {
  unsigned char c = 0;
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n == 1) break;
    if (n < 0 && errno == EINTR) continue;
    return std::nullopt;
  }
  if (c != kEscape) return c;
  // Esc alone, or the start of a sequence an arrow or function key sends at once: consume
  // exactly that sequence, so a key typed right after it still counts.
  const auto first = next_byte(50);
  if (!first) return kEscape;
  if (*first == 'O') {  // SS3: one more byte (F1-F4, arrows in application mode)
    (void)next_byte(50);
  } else if (*first == '[') {  // CSI: parameters and intermediates, then a final byte
    for (auto b = next_byte(50); b && !(*b >= 0x40 && *b <= 0x7e); b = next_byte(50)) {
    }
  }  // anything else: Alt with a key, both consumed
  return kSequence;
}

}  // namespace leadlab::cli
