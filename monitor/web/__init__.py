"""The review web interface (Swedish), served by `socialvakt run`."""
