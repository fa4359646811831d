// libsystemc.so defines main() and calls sc_main(); GoogleTest's main()
// takes precedence, but the symbol must still exist for the link.
extern "C" int sc_main(int, char**) { return 0; }
