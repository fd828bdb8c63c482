#include "cli/editor.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "leadlab/model/error.hpp"

namespace leadlab::cli {

std::string edit_in_editor(const std::string& text) {
  const char* editor = std::getenv("VISUAL");
  if (editor == nullptr || *editor == '\0') editor = std::getenv("EDITOR");
  const std::string command = editor != nullptr && *editor != '\0' ? editor : "vi";
  std::string path = (std::filesystem::temp_directory_path() / "leadlab-review-XXXXXX.md").string();
  const int fd = ::mkstemps(path.data(), 3);
  if (fd < 0) throw UsageError("cannot create a temporary file for the editor");
  ::close(fd);
  std::ofstream(path) << text;
  const std::string shell = command + " \"$1\"";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", shell.c_str(), "sh", path.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::ostringstream saved;
  saved << std::ifstream(path).rdbuf();
  std::filesystem::remove(path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw UsageError("the editor (" + command + ") failed; nothing was changed",
                     "set EDITOR to an editor that exits 0 when you save");
  return saved.str();
}

}  // namespace leadlab::cli
