declare module 'virtual:backstory-seed-index' {
  const index: import('../match').SerializedIndex;
  export default index;
}
