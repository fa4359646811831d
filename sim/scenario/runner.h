// The scenario runner behind `nrf53sim run`: builds the nRF5340
// (sim/soc/soc.h) for a scenario, loads its images, executes its steps and prints both
// cores' consoles (one line each, prefixed "[app] " / "[net] ", other UARTs
// "[app.uart2] ") and one verdict line per scenario:
//
//   PASS <name> (simulated 0.512000 s, host 0.56 s)
//   FAIL <name>: <file:line> <the expectation> (at simulated 0.600000 s)
//   ERROR <name>: <what went wrong>
//
// Everything but the host-time field is deterministic. A SystemC kernel
// elaborates only once per process, so the suite (sim/regression/suite.h)
// runs each scenario in a child process and enforces the host timeout.
#pragma once

#include <ostream>

#include "sim/report/report.h"
#include "sim/scenario/scenario.h"

namespace sim {

constexpr int exit_pass = 0, exit_fail = 1, exit_error = 2;

// Runs one scenario in this process (it elaborates and starts the SystemC
// kernel, so at most once per process) and prints to `out`; returns the
// exit code for it.
int run_scenario(const scenario& s, std::ostream& out);
// The same, returning the result the suite's reports are made of; with a
// trace_file, writes the run's trace there (sim/report/trace.h); with a vcd_file,
// its value change dump (sim/report/vcd.h).
scenario_result run_scenario_result(const scenario& s, std::ostream& out, const std::string& trace_file = {},
                                    const std::string& vcd_file = {});

}  // namespace sim
