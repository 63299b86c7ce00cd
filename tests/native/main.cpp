// doctest entry point for the core suite (natively and in wasm under Node).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
