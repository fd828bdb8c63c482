// Times a command as a whole process: `leadlab_bench_measure RUNS COMMAND [ARGS...]` runs it
// once to warm the caches, then RUNS times with its output discarded, and prints
// "min median max peak_kib": wall seconds (monotonic clock) and the largest resident set of
// any run (from wait4). Exits 1 if any run fails.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

// Runs argv once; returns wall seconds, sets peak (KiB); -1 on failure.
double run_once(char** argv, long& peak) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    execvp(argv[0], argv);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (pid < 0 || wait4(pid, &status, 0, &usage) < 0) return -1;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  peak = std::max(peak, usage.ru_maxrss);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: leadlab_bench_measure RUNS COMMAND [ARGS...]\n");
    return 2;
  }
  const int runs = std::max(1, std::atoi(argv[1]));
  long peak = 0;
  if (run_once(argv + 2, peak) < 0) {
    std::fprintf(stderr, "leadlab_bench_measure: the command failed\n");
    return 1;
  }
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const double t = run_once(argv + 2, peak);
    if (t < 0) {
      std::fprintf(stderr, "leadlab_bench_measure: the command failed\n");
      return 1;
    }
    times.push_back(t);
  }
  std::sort(times.begin(), times.end());
  const double median = times.size() % 2 == 1
                            ? times[times.size() / 2]
                            : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
  std::printf("%.4f %.4f %.4f %ld\n", times.front(), median, times.back(), peak);
  return 0;
}
