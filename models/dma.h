// EasyDMA: how a peripheral reads and writes memory as its bus master sees
// it. The SoC implements this over the host buffers of RAM and flash; an
// address outside them fails (the peripheral then raises its error event).
#pragma once

#include <cstddef>
#include <cstdint>

namespace models {

class dma_port {
public:
    virtual ~dma_port() = default;
    virtual bool dma_read(std::uint32_t address, void* data, std::size_t size) = 0;
    virtual bool dma_write(std::uint32_t address, const void* data, std::size_t size) = 0;
};

} // namespace models
