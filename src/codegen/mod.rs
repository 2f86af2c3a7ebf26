//! Model to TypeScript (pull).
