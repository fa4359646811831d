// `nrf53sim report merge SHARD.json... [--json OUT] [--junit OUT] [--report OUT.html]`
// (sim/report/report_merge.h): merges the --json files of a sharded run,
// prints each scenario's verdict and each sweep's verdict counts, and
// writes the merged results in the forms asked for.
//
// Exit status: the worst merged scenario's (0 all passed, 1 a failure,
// 2 an error), and 2 for a bad command line or input ("file: ...").
#pragma once

#include <iosfwd>

namespace sim {

int report_main(int argc, char** argv);
int report_main(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace sim
