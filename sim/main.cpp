// nrf53sim command line (placeholder until the scenario runner lands).
#include <iostream>
#include <systemc>

int sc_main(int, char**) {
    std::cerr << "nrf53sim: not yet implemented\n";
    return 2;
}
